package io.labcheck.lab;

import io.labcheck.lab.TroubleshootingEntry.Cause;
import io.labcheck.lab.TroubleshootingEntry.Role;
import io.labcheck.lab.TroubleshootingEntry.TroubleCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects a troubleshooting section while the reader walks it, then turns it into entries. Each heading under
 * the section holds one problem; a heading without a symptom caption whose bold captions each introduce a block
 * ("**느린 응답 시간**:", "**메모리 부족**:") holds one problem per caption. Within a problem, captions say
 * which part is the symptom (증상) and where each cause (원인 1, 원인 2) starts; a command's role comes from what
 * it does (a look is a CHECK, a change a FIX) and from comments marking the wrong way (잘못된 실행: FAULT).
 */
final class TroubleshootingReader {
    private static final Pattern SYMPTOM = Pattern.compile("(?i)증상|symptom|에러 메시지|error message");
    private static final Pattern CAUSE = Pattern.compile("(?i)^\\s*(?:원인\\s*\\d+|원인\\s*:|cause\\s*\\d*\\s*:)");
    private static final Pattern WRONG = Pattern.compile("(?i)잘못된|틀린|wrong|incorrect|bad:|나쁜");
    private static final Pattern RIGHT = Pattern.compile("(?i)올바른|맞는|correct|right|해결|fix|good:|좋은|실행|확인");

    private sealed interface Item permits Para, Block {
        int line();
    }

    private record Para(String text, boolean caption, int line) implements Item {}

    private record Block(String literal, int contentLine, int line, int endLine) implements Item {}

    /** @param inline a problem named in a sentence of the steps ("If not, ..."), an entry of its own */
    private record Chunk(String title, SourceLine at, List<Item> items, boolean inline) {}

    /**
     * A sentence in the steps that names what goes wrong and what to do then: "If not, port 5000 is closed: go back
     * to the portal and open it", "If you see something else, check ...", "Si no carga, ...", "만약 접속이 안 되면".
     */
    static final Pattern REMEDY = Pattern.compile("^(?:If (?:not\\b|this (?:fails|does ?n[o']t)|it (?:fails|does ?n[o']t)"
            + "|you (?:see|get|can't|cannot|don't see|do not see|don't get|are not able|aren't able)\\b|the \\w+(?: \\w+)? (?:fails|does ?n[o']t|is not|isn't))"
            + "|Si (?:no\\b|ves|obtienes|aparece|falla)|Если (?:не\\b|вы видите|появляется ошибка)"
            + "|如果(?:出现|报错|无法|不能|失败)|만약.{0,30}(?:안 되|않|실패|오류|에러))");

    private final List<Chunk> chunks = new ArrayList<>();

    void heading(String text, SourceLine at) {
        chunks.add(new Chunk(text, at, new ArrayList<>(), false));
    }

    /** A remedy sentence in the steps (see {@link #REMEDY}): a problem with only prose, no commands of its own. */
    void remedy(String text, SourceLine at) {
        chunks.add(new Chunk(text, at, new ArrayList<>(List.of(new Para(text, false, at.line()))), true));
    }

    void paragraph(String text, boolean caption, int line) {
        current().ifPresent(c -> c.items().add(new Para(text, caption, line)));
    }

    void block(String literal, int contentLine, int line, int endLine) {
        current().ifPresent(c -> c.items().add(new Block(literal, contentLine, line, endLine)));
    }

    private java.util.Optional<Chunk> current() {
        return chunks.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(chunks.get(chunks.size() - 1));
    }

    List<TroubleshootingEntry> entries() {
        List<TroubleshootingEntry> entries = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            Chunk chunk = chunks.get(c);
            if (chunk.inline()) {
                entries.add(entry(chunk.title(), chunk.at(), chunk.items()));
                continue;
            }
            if (chunk.items().stream().noneMatch(i -> i instanceof Block)) {
                // a heading that only groups the problems below it; but a last heading, or one with no deeper heading
                // under it, that says something names a problem of its own ("Troubleshooting the 502 error", bullets)
                boolean leaf = c + 1 == chunks.size()
                        || chunks.get(c + 1).at().headings().size() <= chunk.at().headings().size();
                if (leaf && !chunk.items().isEmpty()) {
                    entries.add(entry(chunk.title(), chunk.at(), chunk.items()));
                }
                continue;
            }
            boolean hasSymptom = chunk.items().stream().anyMatch(i -> i instanceof Para p && p.caption() && SYMPTOM.matcher(p.text()).find());
            List<Integer> captionsWithBlocks = new ArrayList<>();
            List<Item> items = chunk.items();
            // a caption opens a problem when a block follows it before the next caption: right after it, or after
            // the sentences that explain it ("**502 Bad Gateway**", a paragraph, then the commands)
            for (int i = 0; i + 1 < items.size(); i++) {
                if (!(items.get(i) instanceof Para p && p.caption() && !CAUSE.matcher(p.text()).find())) {
                    continue;
                }
                for (int j = i + 1; j < items.size(); j++) {
                    if (items.get(j) instanceof Block) {
                        captionsWithBlocks.add(i);
                        break;
                    }
                    if (items.get(j) instanceof Para q && q.caption()) {
                        break;
                    }
                }
            }
            if (hasSymptom || captionsWithBlocks.size() < 2) {
                entries.add(entry(chunk.title(), chunk.at(), items));
                continue;
            }
            for (int k = 0; k < captionsWithBlocks.size(); k++) {
                int from = captionsWithBlocks.get(k);
                int to = k + 1 < captionsWithBlocks.size() ? captionsWithBlocks.get(k + 1) : items.size();
                Para caption = (Para) items.get(from);
                String title = caption.text().replaceFirst("[:：]\\s*$", "").strip();
                SourceLine at = new SourceLine(caption.line(), chunk.at().headings());
                entries.add(entry(title, at, items.subList(from + 1, to)));
            }
        }
        return entries;
    }

    private static TroubleshootingEntry entry(String title, SourceLine at, List<Item> items) {
        StringBuilder symptom = new StringBuilder();
        List<TroubleCommand> commands = new ArrayList<>();
        List<CauseDraft> causes = new ArrayList<>();
        boolean inSymptom = false;
        int end = at.line();
        for (Item item : items) {
            end = Math.max(end, item instanceof Block b ? b.endLine() : item.line());
            if (item instanceof Para p) {
                if (p.caption() && SYMPTOM.matcher(p.text()).find()) {
                    inSymptom = true;
                } else if (p.caption() && CAUSE.matcher(p.text()).find()) {
                    inSymptom = false;
                    causes.add(new CauseDraft(p.text().replaceFirst("[:：]\\s*$", "").strip(), p.line()));
                } else if (p.caption()) {
                    inSymptom = false;
                } else if (inSymptom && symptom.isEmpty()) {
                    symptom.append(p.text());
                }
                continue;
            }
            Block b = (Block) item;
            if (inSymptom) {
                symptom.append(symptom.isEmpty() ? "" : "\n").append(b.literal().stripTrailing());
                inSymptom = false;
                continue;
            }
            List<TroubleCommand> target = causes.isEmpty() ? commands : causes.get(causes.size() - 1).commands;
            List<String> notes = causes.isEmpty() ? new ArrayList<>() : causes.get(causes.size() - 1).notes;
            boolean wrong = false;
            for (ShellBlock.Line line : ShellBlock.parse(b.literal(), b.contentLine()).lines) {
                if (line instanceof ShellBlock.CommentLine c) {
                    wrong = WRONG.matcher(c.text()).find() || wrong && !RIGHT.matcher(c.text()).find();
                    notes.add("# " + c.text());
                } else if (line instanceof ShellBlock.OutputLine o) {
                    notes.add(o.text().strip());
                } else if (line instanceof ShellBlock.CommandLine cl) {
                    Command command = cl.command();
                    Role role = wrong ? Role.FAULT
                            : command.simpleCommands().stream().allMatch(KnownCommands::isReadOnly) ? Role.CHECK : Role.FIX;
                    target.add(new TroubleCommand(role, command));
                } else if (line instanceof ShellBlock.UrlLine u) {
                    notes.add(u.url());
                }
            }
        }
        List<Cause> built = causes.stream().map(c -> new Cause(c.title, c.line, c.commands, c.notes)).toList();
        return new TroubleshootingEntry(title, at, symptom.toString(), built, commands, end);
    }

    private static final class CauseDraft {
        final String title;
        final int line;
        final List<TroubleCommand> commands = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        CauseDraft(String title, int line) {
            this.title = title;
            this.line = line;
        }
    }
}
