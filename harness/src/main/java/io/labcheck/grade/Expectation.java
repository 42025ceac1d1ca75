package io.labcheck.grade;

/**
 * One thing a finished lab leaves true on the student's server or machine, read from the document: what it is, how
 * many points it is worth, and where the document asks for it.
 *
 * @param id          a short stable name ({@code app-answers /health}, {@code unit-active notes})
 * @param what        what must hold, said for a student
 * @param points      what it is worth; partial credit is a part of it
 * @param section     the document's section that asks for it, for "see:"
 * @param subject     what the check looks at: a file, a unit, a port, a URL path
 * @param expected    for an HTTP check, what the document shows the answer to be ("" when it shows nothing)
 */
public record Expectation(Kind kind, String id, String what, int points, String section, String subject, int port,
                         String expected) {

    /** The kinds of end state a lab leaves. */
    public enum Kind {
        /** the key file is one OpenSSH uses (0400 or 0600) */
        KEY_PROTECTED,
        /** ssh logs in with the key */
        SSH_LOGIN,
        /** the app listens on all addresses on its port (half the points for loopback only) */
        APP_LISTENS,
        /** the app answers from outside at a path, with what the document shows */
        APP_ANSWERS,
        /** a systemd unit is enabled and active (half the points for each) */
        UNIT_RUNNING,
        /**
         * the instance's security groups admit a port from the source the document gives (subject: "0.0.0.0/0", "My
         * IP", a CIDR, or ""); half the points when admitted from a narrower source than "anywhere". Read from the
         * cloud's API, Describe calls only
         */
        PORT_ADMITTED,
        /** the instance's public address is an Elastic IP associated with it (cloud API) */
        EIP_ASSOCIATED;

        /** Whether only the cloud's API can tell (not the server, not the student's computer). */
        public boolean cloudSide() {
            return this == PORT_ADMITTED || this == EIP_ASSOCIATED;
        }
    }
}
