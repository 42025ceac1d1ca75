package io.labcheck.lab;

import java.util.regex.Pattern;

/**
 * A step that is one of several ways the document offers to do the same thing, marked by comments inside one
 * block ({@code # Option 1: clone it}, {@code # Option 2: write it yourself}, {@code # 옵션 1}, {@code # 방법 2}).
 * A student runs one of them, so a run does too (the first, unless the lab's sidecar picks another).
 *
 * @param group the line of the first alternative's comment: alternatives of one choice share it
 * @param index which alternative, from 1
 * @param label the comment that names it
 */
public record Alternative(int group, int index, String label) {
    private static final Pattern LABEL = Pattern.compile(
            "(?u)^(?i:option|alternative|choice|variant|method|way|옵션|방법|선택)(\\s*\\d+|\\s+[A-Z])\\b.*");

    /** Whether a comment's text names an alternative. */
    static boolean names(String comment) {
        return LABEL.matcher(comment.strip()).matches();
    }

    @Override
    public String toString() {
        return "alternative " + index + " (" + label + ")";
    }
}
