package io.labcheck.lab;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a fenced block can be the content of a file an editor command opened: {@code vim main.py} then a
 * python block, {@code sudo vim /etc/systemd/system/x.service} then an ini block, {@code vim /etc/nginx/...} then
 * an nginx block. A python snippet after {@code vim .env} is not the .env file.
 */
public final class FileLanguages {
    private static final Set<String> EDITORS = Set.of("vim", "vi", "nvim", "nano", "emacs", "code", "gedit", "sudoedit", "notepad");

    public static boolean isEditor(String program) {
        return EDITORS.contains(program);
    }

    static boolean fits(String path, String language, String content) {
        String p = path.toLowerCase(Locale.ROOT);
        String name = p.substring(p.lastIndexOf('/') + 1);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        String lang = language.toLowerCase(Locale.ROOT);
        if (lang.isEmpty() || lang.equals("text") || lang.equals("txt") || lang.equals("plaintext")) {
            return !content.isBlank();
        }
        if (p.contains("/nginx/") || name.startsWith("nginx")) {
            return lang.equals("nginx") || lang.equals("conf");
        }
        if (name.equals("dockerfile") || name.startsWith("dockerfile.")) {
            return lang.equals("dockerfile") || lang.equals("docker");
        }
        return switch (ext) {
            case "py" -> lang.equals("python") || lang.equals("py");
            case "service", "socket", "timer", "ini", "cfg", "conf" -> Set.of("ini", "systemd", "conf", "cfg", "toml").contains(lang);
            case "env" -> Set.of("env", "dotenv", "bash", "sh", "shell", "properties", "ini").contains(lang);
            case "yml", "yaml" -> lang.equals("yaml") || lang.equals("yml");
            case "json" -> lang.equals("json");
            case "sh", "bash" -> Set.of("bash", "sh", "shell").contains(lang);
            case "js", "mjs" -> lang.equals("javascript") || lang.equals("js");
            case "html" -> lang.equals("html");
            case "toml" -> lang.equals("toml");
            case "txt" -> Set.of("txt", "text").contains(lang);
            case "" -> name.equals(".env") && Set.of("env", "bash", "sh", "dotenv").contains(lang);
            default -> false;
        };
    }

    private static final java.util.regex.Pattern NGINX_OPENING =
            java.util.regex.Pattern.compile("^(server|upstream|http|events|location\\s+\\S+)\\s*\\{");
    private static final java.util.regex.Pattern UNIT_SECTION =
            java.util.regex.Pattern.compile("(?im)^\\s*\\[(unit|service|install|socket|timer)\\]\\s*$");

    /**
     * Whether a block's content is plainly the file's own format whatever its fence says: an nginx site that opens
     * with {@code server {} under a {@code bash} fence, a unit with its {@code [Service]} section under a
     * {@code shell} fence. Authors tag blocks by habit; a shell has no {@code server {} command.
     */
    static boolean looksLike(String path, String content) {
        String p = path.toLowerCase(Locale.ROOT);
        String first = content.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
        if (p.contains("/nginx/") || p.substring(p.lastIndexOf('/') + 1).startsWith("nginx")) {
            return NGINX_OPENING.matcher(first).find();
        }
        if (p.endsWith(".service") || p.endsWith(".socket") || p.endsWith(".timer")) {
            return UNIT_SECTION.matcher(content).find();
        }
        return false;
    }

    private FileLanguages() {}
}
