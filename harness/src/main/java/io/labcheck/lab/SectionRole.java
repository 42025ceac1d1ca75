package io.labcheck.lab;

import java.util.List;
import java.util.Locale;

/**
 * What a heading's section is for. Only practice sections yield steps; background and summary sections show
 * commands to explain them (a cheat-sheet's {@code ssh -i key.pem} is not a step); troubleshooting sections
 * become {@link TroubleshootingEntry troubleshooting entries}.
 */
enum SectionRole {
    PRACTICE, BACKGROUND, TROUBLESHOOTING;

    private static final List<String> TROUBLE = List.of("트러블슈팅", "문제 해결", "문제해결", "troubleshoot", "faq",
            "자주 발생하는 문제", "known issues", "common issues", "common problems", "common errors", "오류 해결",
            "에러 해결", "solución de problemas", "problemas comunes", "errores comunes", "устранение неполадок",
            "возможные проблемы", "частые ошибки", "常见问题", "故障排除", "故障排查", "问题排查", "排错");
    private static final List<String> BACKGROUND_WORDS = List.of("배경", "심화", "목차", "학습 목표", "다음 단계", "핵심 정리",
            "핵심 요약", "요약", "체크리스트", "최종 완료", "추가 학습", "역사");
    /** English words that make a background section only as the heading's first words ("Run it in the background" is practice). */
    private static final List<String> BACKGROUND_STARTS = List.of("background", "overview", "summary", "next steps",
            "checklist", "table of contents", "contents");

    /**
     * A section about another platform than the lab's, named as its alternative at the heading's end ("GCP App
     * Engine 대안", "Heroku (alternative)"): described for comparison, not done in the lab.
     */
    private static final java.util.regex.Pattern ANOTHER_WAY = java.util.regex.Pattern.compile("(?:대안|\\(alternative\\))$");

    /** A heading that names a problem and its answer: "Problemas encontrados y soluciones", "Errors and fixes". */
    private static final java.util.regex.Pattern PROBLEM = java.util.regex.Pattern.compile(
            "error|problem|issue|오류|에러|문제|ошибк|проблем|问题|错误");
    private static final java.util.regex.Pattern ANSWER = java.util.regex.Pattern.compile(
            "solution|solución|soluciones|fix|해결|решени|解决");
    /** A heading that opens with a problem's name and a colon ("Problem: 502", "Error: ..."), or an error sign (a warning sign is advice). */
    private static final java.util.regex.Pattern NAMED_PROBLEM = java.util.regex.Pattern.compile(
            "^(?:[^\\p{L}\\d]*\\s*)(?:error|problema?|issue|오류|에러|문제|ошибка|проблема)\\s*[:：]|^\\s*(?:📛|🐞|💢|❌|🚨)");

    /** The role a heading gives its section, or null when it keeps the role of the section around it. */
    static SectionRole of(String heading) {
        String h = heading.toLowerCase(Locale.ROOT);
        if (TROUBLE.stream().anyMatch(h::contains) || PROBLEM.matcher(h).find() && ANSWER.matcher(h).find()
                || NAMED_PROBLEM.matcher(h).find()) {
            return TROUBLESHOOTING;
        }
        String start = h.strip().replaceFirst("^[\\d.\\s]+", "").replaceFirst("^[^\\p{L}]+", "");
        if (BACKGROUND_WORDS.stream().anyMatch(h::contains) || BACKGROUND_STARTS.stream().anyMatch(start::startsWith)
                || h.strip().endsWith("?") || ANOTHER_WAY.matcher(h.strip()).find()) {
            return BACKGROUND;
        }
        return null;
    }
}
