package io.labcheck.cloud.embedded;

import java.util.ArrayList;
import java.util.List;

/** A small XML tree for EC2 responses ({@code <fooSet><item>...</item></fooSet>}). */
final class Xml {
    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final String name;
    private final String text;
    private final List<Xml> children = new ArrayList<>();

    private Xml(String name, String text) {
        this.name = name;
        this.text = text;
    }

    static Xml element(String name) {
        return new Xml(name, null);
    }

    /** Adds {@code <name>value</name>} (skipped when value is null) and returns this. */
    Xml add(String name, Object value) {
        if (value != null) {
            children.add(new Xml(name, String.valueOf(value)));
        }
        return this;
    }

    /** Adds and returns a child element. */
    Xml child(String name) {
        Xml c = new Xml(name, null);
        children.add(c);
        return c;
    }

    /** Adds and returns an {@code <item>} child: the element of an EC2 list. */
    Xml item() {
        return child("item");
    }

    String render() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        write(sb, true);
        return sb.toString();
    }

    private void write(StringBuilder sb, boolean root) {
        sb.append('<').append(name);
        if (root && name.endsWith("Response")) {
            sb.append(" xmlns=\"").append(NAMESPACE).append('"');
        }
        sb.append('>');
        if (text != null) {
            escape(text, sb);
        }
        for (Xml c : children) {
            c.write(sb, false);
        }
        sb.append("</").append(name).append('>');
    }

    static void escape(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(ch);
            }
        }
    }

    static String errorDocument(String code, String message, String requestId) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>");
        escape(code, sb);
        sb.append("</Code><Message>");
        escape(message, sb);
        sb.append("</Message></Error></Errors><RequestID>").append(requestId).append("</RequestID></Response>");
        return sb.toString();
    }
}
