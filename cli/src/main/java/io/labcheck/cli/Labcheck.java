package io.labcheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The labcheck command: {@code ./labcheck --help}. */
@Command(name = "labcheck",
        mixinStandardHelpOptions = true,
        versionProvider = Labcheck.Version.class,
        description = "Proves that cloud-deployment lab documents work: runs their steps against a simulated or"
                + " real cloud, injects their documented failures and checks the diagnosis.",
        subcommands = {ValidateCommand.class, GradeCommand.class, DoctorCommand.class, ListCommand.class, ProvidersCommand.class, BenchCommand.class, CloudCommand.class, PlanCommand.class, LintCommand.class,
                InitCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 everything passed, 1 something failed, 2 bad usage or environment."})
public final class Labcheck implements Runnable {
    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'labcheck validate all'");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Labcheck());
        cl.setExitCodeExceptionMapper(e -> USAGE);
        cl.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // A user-facing error: one line that names the problem, no stack trace.
            commandLine.getErr().println("labcheck: " + e.getMessage());
            return e instanceof UserError ? USAGE : FAILED;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Labcheck.class.getPackage().getImplementationVersion();
            return new String[] {"labcheck " + (v == null ? "(development build)" : v)};
        }
    }

    /** A mistake in the user's input or environment: exit 2 with the message. */
    static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserError(String message) {
            super(message);
        }
    }
}
