package io.labcheck.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as JSON ({@code labcheck plan --json}): a stable, explicit shape rather than whatever the records
 * happen to expose. Places are lower-case ids ("server"), lines 1-based.
 */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static String render(LabPlan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("document", plan.name());
        root.put("title", plan.title());
        List<Object> steps = new ArrayList<>();
        for (LabStep s : plan.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", s.number());
            m.put("name", s.name());
            m.put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
            m.put("where", s.where().id());
            m.put("line", s.at().line());
            m.put("section", s.section());
            m.put("headings", s.at().headings());
            m.put("commands", s.commands().stream().map(PlanJson::command).toList());
            if (s.file() != null) {
                m.put("file", Map.of("path", s.file().path(), "language", s.file().language(),
                        "content", s.file().content(), "line", s.file().line()));
            }
            if (s.cloud() != null) {
                m.put("cloud", Map.of("action", s.cloud().action(), "values", s.cloud().values()));
            }
            if (!s.url().isEmpty()) {
                m.put("url", s.url());
            }
            m.put("expectedOutput", s.expectedOutput());
            m.put("checks", s.checks().stream().map(c -> Map.of("kind", c.kind(), "values", c.values())).toList());
            m.put("skip", s.skip());
            if (!s.implied().isEmpty()) {
                m.put("implied", s.implied());
            }
            s.alternativeOf().ifPresent(a -> m.put("alternative", Map.of("group", a.group(), "index", a.index(), "label", a.label(),
                    "ways", a.ways(), "recommended", a.recommended())));
            steps.add(m);
        }
        root.put("steps", steps);
        List<Object> trouble = new ArrayList<>();
        for (TroubleshootingEntry t : plan.troubleshooting()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("problem", t.problem());
            m.put("line", t.at().line());
            m.put("endLine", t.endLine());
            m.put("section", t.section());
            m.put("headings", t.at().headings());
            m.put("symptom", t.symptom());
            m.put("causes", t.causes().stream().map(c -> Map.of("title", c.title(), "line", c.line(),
                    "commands", c.commands().stream().map(PlanJson::troubleCommand).toList(), "notes", c.notes())).toList());
            m.put("commands", t.commands().stream().map(PlanJson::troubleCommand).toList());
            trouble.add(m);
        }
        root.put("troubleshooting", trouble);
        root.put("warnings", plan.warnings());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the plan as JSON", e);
        }
    }

    private static Map<String, Object> command(Command c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", c.text());
        m.put("line", c.line());
        m.put("user", c.user());
        if (!c.prompt().isEmpty()) {
            m.put("prompt", c.prompt());
        }
        if (!c.heredoc().isEmpty()) {
            m.put("heredoc", c.heredoc());
        }
        if (!c.output().isEmpty()) {
            m.put("output", c.output());
        }
        if (!c.answers().isEmpty()) {
            m.put("answers", c.answers());
        }
        return m;
    }

    private static Map<String, Object> troubleCommand(TroubleshootingEntry.TroubleCommand t) {
        Map<String, Object> m = command(t.command());
        m.put("role", t.role().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    private PlanJson() {}
}
