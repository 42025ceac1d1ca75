package io.labcheck.lab;

import java.util.Set;

/**
 * The programs lab documents run. In a block written without prompts this is how a command line is told
 * apart from sample output ("ECDSA key fingerprint is ...", "INFO: Started server process"): output rarely
 * starts with the name of a program in lower case.
 */
final class KnownCommands {
    private static final Set<String> PROGRAMS = Set.of(
            "sudo", "su", "apt", "apt-get", "apt-cache", "dpkg", "yum", "dnf", "rpm", "snap", "add-apt-repository",
            "pip", "pip3", "python", "python3", "poetry", "pipenv", "uvicorn", "gunicorn", "flask", "fastapi",
            "node", "npm", "npx", "yarn", "pm2", "java", "mvn", "go", "make",
            "cd", "ls", "mkdir", "cp", "mv", "rm", "rmdir", "cat", "echo", "printf", "export", "source", ".", "touch",
            "tee", "sed", "awk", "grep", "cut", "sort", "uniq", "wc", "xargs", "find", "ln", "readlink", "stat", "file",
            "diff", "head", "tail", "less", "more", "chmod", "chown", "chgrp", "umask", "install",
            "ssh", "scp", "sftp", "ssh-keygen", "ssh-add", "ssh-copy-id", "rsync",
            "curl", "wget", "git", "docker", "docker-compose", "podman", "kubectl", "helm",
            "systemctl", "journalctl", "service", "nginx", "certbot", "apachectl",
            "vim", "vi", "nvim", "nano", "emacs", "code", "gedit", "sudoedit", "notepad",
            "ps", "kill", "pkill", "killall", "nohup", "free", "df", "du", "top", "htop", "uptime", "which", "whoami",
            "id", "groups", "usermod", "useradd", "passwd", "hostname", "hostnamectl", "timedatectl", "uname",
            "ufw", "iptables", "firewall-cmd", "ss", "netstat", "lsof", "nslookup", "dig", "host", "ping", "traceroute",
            "nc", "telnet", "ip", "ifconfig", "crontab", "update-alternatives", "tar", "zip", "unzip", "gzip",
            "gcloud", "aws", "az", "exit", "logout", "sh", "bash", "zsh", "fallocate", "mkswap", "swapon", "swapoff",
            "mount", "umount", "lsblk", "reboot", "shutdown", "sleep", "env", "set", "unset", "alias", "clear",
            "history", "openssl", "base64", "cloud-init", "screen", "tmux", "supervisorctl", "ab", "jq", "watch",
            "if", "then", "else", "elif", "fi", "for", "while", "do", "done", "case", "esac", "test", "[", "true",
            "false", "read", "wait", "trap", "ssh-keyscan", "Get-Content", "icacls", "Set-Location", "New-Item",
            "virtualenv", "pyenv", "deactivate", "django-admin", "newgrp", "adduser", "ansible-playbook",
            "ansible", "conda", "uv", "dscacheutil", "ipconfig", "a2ensite", "a2enmod", "firewalld", "visudo");

    static boolean isProgram(String word) {
        if (PROGRAMS.contains(word) || word.matches("(?:python|pip)3\\.\\d+")) {
            return true;
        }
        // ./deploy.sh, /usr/local/bin/docker-compose, ~/venv/bin/pip, venv/bin/gunicorn
        return word.matches("[\\w.-]+(/[\\w.-]+)*/bin/[\\w.-]+") || (word.startsWith("./") || word.startsWith("/") || word.startsWith("~/")) && word.length() > 2
                && !word.contains("→");
    }

    /** Whether a line (prompt already removed) reads as a command rather than output or prose. */
    static boolean looksLikeCommand(String line) {
        String code = ShellWords.stripComment(line).strip();
        // Hangul outside quotes and placeholders ("[키페어 경로]", "<퍼블릭-IP>") is prose
        String outside = code.replaceAll("\\[[^\\]]*\\]|<[^>]*>", "");
        if (code.isEmpty() || containsHangul(outside) && !code.contains("\"") && !code.contains("'")) {
            return false;
        }
        java.util.List<String> words = ShellWords.words(code);
        if (words.isEmpty()) {
            return false;
        }
        String first = words.get(0);
        if (first.matches("[A-Za-z_][A-Za-z0-9_]*=\\S*")) {
            // FOO=bar cmd, or a plain assignment: VAR=$(...)
            return words.size() == 1 || isProgram(words.get(1)) || first.contains("$(");
        }
        return isProgram(first);
    }

    static boolean containsHangul(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL);
    }

    /** Commands that only look: what a troubleshooting section uses to check, not to fix. */
    static boolean isReadOnly(String simpleCommand) {
        java.util.List<String> w = ShellWords.program(simpleCommand);
        if (w.isEmpty()) {
            return true;
        }
        String p = w.get(0);
        String sub = w.size() > 1 ? w.get(1) : "";
        return switch (p) {
            case "ls", "cat", "ps", "grep", "free", "df", "du", "top", "htop", "which", "whoami", "id", "ss", "netstat",
                    "lsof", "nslookup", "dig", "host", "ping", "traceroute", "curl", "wget", "journalctl", "uptime",
                    "env", "head", "tail", "less", "stat", "uname", "ip", "ifconfig" -> true;
            case "systemctl" -> Set.of("status", "is-active", "is-enabled", "list-units", "show", "cat").contains(sub);
            case "docker", "docker-compose" -> Set.of("ps", "logs", "inspect", "stats", "images", "exec", "version",
                    "--version", "info").contains(sub);
            case "ufw" -> sub.equals("status");
            case "crontab" -> sub.equals("-l");
            case "nginx" -> sub.equals("-t");
            case "certbot" -> w.contains("--dry-run") || sub.equals("certificates");
            default -> false;
        };
    }

    private KnownCommands() {}
}
