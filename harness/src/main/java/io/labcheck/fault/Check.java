package io.labcheck.fault;

/** Whether a fault's effect is there (or gone), and what showed it. */
public record Check(boolean holds, String detail) {
    public static Check yes(String detail) {
        return new Check(true, detail);
    }

    public static Check no(String detail) {
        return new Check(false, detail);
    }
}
