package io.labcheck.lab;

import java.util.List;

/** Where a comment or caption says the next commands run ("# 내 PC에서", "**EC2 서버에서**:", "# on the server"). */
final class Hints {
    private static final List<String> WORKSTATION = List.of("내 PC", "내 컴퓨터", "로컬에서", "로컬 PC", "로컬 머신",
            "on your computer", "on your machine", "locally", "local machine", "your laptop");
    private static final List<String> SERVER = List.of("EC2에서", "서버에서", "인스턴스에서", "EC2 서버", "on the server",
            "on the instance", "원격 서버");

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
        if (WORKSTATION_EN.stream().anyMatch(lower::contains)) {
            return Where.WORKSTATION;
        }
        if (SERVER_EN.stream().anyMatch(lower::contains)) {
            return Where.SERVER;
        }
        return null;
    }

    private Hints() {}
}
