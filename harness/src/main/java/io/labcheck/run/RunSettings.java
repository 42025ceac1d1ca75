package io.labcheck.run;

import java.time.Duration;

/**
 * How long a lab run waits for what it waits for. One typed object, passed in; nothing is read from JVM-wide
 * properties here.
 *
 * @param command      one command typed on the server or the workstation, until it ends
 * @param ready        a command that keeps running (a server in the foreground), until it listens or says it is ready
 * @param instance     an instance, from RunInstances until it is running
 * @param http         one request from the browser or curl, connect and answer
 * @param viewerGrace  a command that only follows output ({@code tail -f}, {@code journalctl -f}): how long it is
 *                     watched before the student presses Ctrl+C
 */
public record RunSettings(Duration command, Duration ready, Duration instance, Duration http, Duration viewerGrace) {

    public static RunSettings defaults() {
        return new RunSettings(Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(3),
                Duration.ofSeconds(10), Duration.ofSeconds(2));
    }
}
