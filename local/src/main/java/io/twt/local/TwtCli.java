package io.twt.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code twt} command line. */
@Command(name = "twt", mixinStandardHelpOptions = true, version = "twt 0.1.0",
        description = "Turns a filtered X stream into analytics tables: twt_user and twt_tweet.",
        subcommands = {LocalCommand.class, SampleCommand.class, SqlCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class TwtCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new TwtCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // Expected failures (missing file, unreadable database…) get one line, not a stack trace.
                    cmd.getErr().println("twt " + cmd.getCommandName() + ": " + describe(e));
                    return 1;
                });
    }

    static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            java.nio.file.NoSuchFileException n = (java.nio.file.NoSuchFileException) e;
            return "no such file: " + n.getFile();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
