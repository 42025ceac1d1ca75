package io.labcheck.lab;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step that is one of several ways the document offers to do the same thing. The ways are named by comments
 * inside one block ({@code # Option 1: clone it}, {@code # Option 2: write it yourself}, {@code # 옵션 1},
 * {@code # 방법 2}) or by bold lead-ins above blocks ({@code **Solution 1: nohup**}, {@code **해결책 2: systemd (권장)**}).
 * A student runs one of them, so a run does too: the one the lab's sidecar picks, else the one the document
 * recommends, else the first.
 *
 * @param group the line of the first alternative's label: alternatives of one choice share it
 * @param index which alternative, from 1
 * @param label the comment or lead-in that names it
 * @param ways how many ways the document offers at {@code group}
 * @param recommended the way the document marks as recommended ("권장", "recommended"), 0 when it marks none or several
 */
public record Alternative(int group, int index, String label, int ways, int recommended) {
    private static final Pattern LABEL = Pattern.compile(
            "(?u)^(?i:option|alternative|choice|variant|method|way|solution|approach|옵션|방법|선택|해결책|해결 방법)"
                    + "(\\s*\\d+|\\s+[A-Z])\\b.*");
    private static final Pattern RECOMMENDS = Pattern.compile("(?iu)권장|추천|recommended|preferred");

    /** Whether a comment's text (or a bold lead-in's) names an alternative. */
    static boolean names(String text) {
        return LABEL.matcher(text.strip()).matches();
    }

    /** The number a label gives its way (1 for "Option 1" and for "Option A"); 0 when it names none. */
    static int number(String text) {
        Matcher m = LABEL.matcher(text.strip());
        if (!m.matches()) {
            return 0;
        }
        String n = m.group(1).strip();
        return Character.isDigit(n.charAt(0)) ? Integer.parseInt(n) : n.charAt(0) - 'A' + 1;
    }

    /** The word a label names its ways with, lower case ("option", "해결책"): ways of one choice share it. */
    static String word(String text) {
        return text.strip().split("[\\s\\d]", 2)[0].toLowerCase(Locale.ROOT);
    }

    /** Whether a label says its way is the recommended one. */
    static boolean recommends(String label) {
        return RECOMMENDS.matcher(label).find();
    }

    /** The way a run takes here: the sidecar's option when it gives one (above 0), else the recommended, else the first. */
    public int chosen(int sidecarOption) {
        return sidecarOption > 0 ? sidecarOption : recommended > 0 ? recommended : 1;
    }

    @Override
    public String toString() {
        return "alternative " + index + " (" + label + ")";
    }
}
