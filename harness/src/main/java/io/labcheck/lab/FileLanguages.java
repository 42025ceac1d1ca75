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

    private FileLanguages() {}
}
