package io.labcheck.cloud;

/** Whether a provider can run here, and if not, why and what to do about it. */
public record Availability(boolean available, String reason) {

    public static Availability yes(String how) {
        return new Availability(true, how);
    }

    public static Availability no(String whyAndFix) {
        return new Availability(false, whyAndFix);
    }
}
