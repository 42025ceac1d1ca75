package io.labcheck.run;

import java.util.List;

/**
 * An app the lab left running: where it listens and how it was started, as the run saw it.
 *
 * @param port      the port it listens on
 * @param listeners the addresses it listens on ({@code 0.0.0.0:8000})
 * @param command   the command that runs it, without nohup, redirections or {@code &}
 *                  ({@code python3 -m uvicorn main:app --host 0.0.0.0})
 * @param cwd       the directory it was started in
 * @param venv      the venv active when it started, "" for none
 * @param unit      the systemd unit that runs it, "" when a terminal or nohup does
 */
public record RunningApp(int port, List<String> listeners, String command, String cwd, String venv, String unit) {
    public RunningApp {
        listeners = List.copyOf(listeners);
    }
}
