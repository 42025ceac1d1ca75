package io.labcheck.lab;

import java.util.List;

/** Where a comment or caption says the next commands run ("# 내 PC에서", "**EC2 서버에서**:", "# on the server"). */
final class Hints {
    private static final List<String> WORKSTATION = List.of("내 PC", "내 컴퓨터", "로컬에서", "로컬 PC", "로컬 머신",
            "on your computer", "on your machine", "locally", "local machine", "your laptop", "本地执行", "在本地",
            "本地电脑", "本地机器", "en tu máquina local", "en tu computadora", "en tu equipo", "en tu ordenador",
            "на локальной машине", "на своём компьютере", "на своем компьютере", "на локальном компьютере");
    private static final List<String> SERVER = List.of("EC2에서", "서버에서", "인스턴스에서", "EC2 서버", "on the server",
            "on the instance", "원격 서버", "在服务器上", "服务器上执行", "在服务器", "en el servidor", "en la instancia",
            "на сервере");

    /** English ways of saying it, matched without regard to case ("Install Dependencies on EC2"). */
    private static final List<String> SERVER_EN = List.of("on ec2", "on the ec2", "on your ec2", "on the vm", "on your vm",
            "on the droplet", "on your droplet", "on your server", "on the remote server", "on your instance",
            "on the server", "on the instance", "in the server", "inside the server");
    private static final List<String> WORKSTATION_EN = List.of("on your computer", "on your machine", "on your local",
            "on your laptop", "local machine", "locally", "from your computer", "from your local");

    /** The place the text names, or null. */
    static Where place(String text) {
        if (WORKSTATION.stream().anyMatch(text::contains)) {
            return Where.WORKSTATION;
        }
        if (SERVER.stream().anyMatch(text::contains)) {
            return Where.SERVER;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (WORKSTATION_EN.stream().anyMatch(w -> says(lower, w))) {
            return Where.WORKSTATION;
        }
        if (SERVER_EN.stream().anyMatch(w -> says(lower, w))) {
            return Where.SERVER;
        }
        return null;
    }

    /** The phrase as words ("on ec2" is not in "amazon ec2"). */
    private static boolean says(String text, String phrase) {
        for (int i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
            int end = i + phrase.length();
            if ((i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private Hints() {}
}
