package io.twt.local;

import io.twt.stream.x.XRefused;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code twt} command line. */
@Command(name = "twt", mixinStandardHelpOptions = true, version = "twt 0.1.0",
        description = "Turns a filtered X stream into analytics tables: twt_user and twt_tweet.",
        subcommands = {LocalCommand.class, ReportCommand.class, SqlCommand.class, CostCommand.class, ComplianceCommand.class,
                CommandLine.HelpCommand.class})
public final class TwtCli {

    private static final String JUL_FORMAT = "java.util.logging.SimpleFormatter.format";

    public static void main(String[] args) {
        // twitter4j logs through java.util.logging: one line per message, like the rest of the log.
        if (System.getProperty(JUL_FORMAT) == null) {
            System.setProperty(JUL_FORMAT, "[%3$s] %4$s - %5$s%6$s%n");
        }
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command line; {@code env} is the environment {@code twt local} reads credentials and defaults from. */
    static CommandLine commandLine(Map<String, String> env) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == LocalCommand.class ? cls.cast(new LocalCommand(env)) : defaults.create(cls);
            }
        };
        return new CommandLine(new TwtCli(), factory)
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
        if (e instanceof XRefused) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
