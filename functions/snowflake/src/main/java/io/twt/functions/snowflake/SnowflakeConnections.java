package io.twt.functions.snowflake;

import io.twt.core.sql.ConnectionSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The one Snowflake connection of an execution environment. It is opened on first use, checked
 * with {@link Connection#isValid(int)} before each reuse (a session expires after hours idle, and
 * a frozen environment may wake up long after) and reopened when that fails. When Snowflake
 * refuses the key, the secret is read again once, in case it was rotated, and the login retried.
 *
 * <p>Opening is bounded by the login timeout ({@code SNOWFLAKE_LOGIN_TIMEOUT_SECONDS}, default
 * 20 s), twice that when the secret is re-read after a refused key. In a fresh execution
 * environment the first login also spends CPU time warming up the driver (a few seconds on a small
 * function) within that bound, which is why the default is generous. Callers do not close the
 * connection they get; {@link #close()} does.
 */
public final class SnowflakeConnections implements ConnectionSource, AutoCloseable {

    /** How long a reuse check may take before the connection counts as dead. */
    static final int VALIDATION_TIMEOUT_SECONDS = 5;

    /**
     * Snowflake's error codes for a refused login: 390144 JWT_TOKEN_INVALID (wrong or unregistered
     * key, which is what a rotated key looks like) and 390100 (incorrect user or credentials).
     */
    static final Set<Integer> AUTHENTICATION_FAILURES = Set.of(390144, 390100);

    private final SnowflakeSecretStore secrets;
    private final SnowflakeConnector connector;
    private final Duration loginTimeout;
    private final PrintStream log;
    private Connection current;
    private boolean closed;

    SnowflakeConnections(SnowflakeSecretStore secrets, SnowflakeConnector connector, Duration loginTimeout, PrintStream log) {
        this.secrets = secrets;
        this.connector = connector;
        this.loginTimeout = loginTimeout;
        this.log = log;
    }

    /**
     * From the function's environment: see {@link SnowflakeSettings} for the variables. AWS
     * credentials come from the SDK's default chain, which finds them where Lambda puts them: the
     * access-key variables on demand, the container endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI},
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}) under SnapStart, which sets no access-key variables
     * ("Activating and managing Lambda SnapStart", Using SnapStart with AWS SDKs:
     * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials).
     */
    public static SnowflakeConnections fromEnvironment() {
        return fromEnvironment(System.getenv(), DefaultCredentialsProvider.builder().build());
    }

    /** As {@link #fromEnvironment()}, with the environment and AWS credentials given (local runs and tests). */
    public static SnowflakeConnections fromEnvironment(Map<String, String> env, AwsCredentialsProvider credentials) {
        SnowflakeSettings settings = SnowflakeSettings.fromEnvironment(env);
        SnowflakeSecretStore secrets = new SnowflakeSecretStore(SnowflakeSecretStore.client(env, credentials), settings.secretId());
        return new SnowflakeConnections(secrets, new DriverConnector(settings), Duration.ofSeconds(settings.loginTimeoutSeconds()), System.out);
    }

    /**
     * The open connection, reopened if it no longer answers.
     *
     * @throws SQLException when Snowflake cannot be reached or refuses the login (the message says
     *     which account and user)
     * @throws SnowflakeSecretException when the secret cannot be read or is unusable
     */
    @Override
    public synchronized Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("the Snowflake connection source is closed");
        }
        if (current != null) {
            if (answers(current)) {
                return current;
            }
            log.println("snowflake: the connection no longer answers; reopening");
            closeInBackground(current);
            current = null;
        }
        current = open();
        return current;
    }

    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        if (current != null) {
            Connection closing = current;
            current = null;
            closing.close();
        }
    }

    private Connection open() throws SQLException {
        SnowflakeSecret secret = secrets.current();
        try {
            return connect(secret);
        } catch (SQLException e) {
            if (!AUTHENTICATION_FAILURES.contains(e.getErrorCode())) {
                throw e;
            }
            SnowflakeSecret reread;
            try {
                reread = secrets.reload();
            } catch (SnowflakeSecretException reloadFailure) {
                e.addSuppressed(reloadFailure);
                throw e;
            }
            if (reread.equals(secret)) {
                throw e;
            }
            log.println("snowflake: login refused (" + e.getErrorCode() + ") and the secret has changed since it was read; retrying with the new one");
            return connect(reread);
        }
    }

    private Connection connect(SnowflakeSecret secret) throws SQLException {
        long started = System.nanoTime();
        try {
            Connection connection = connectWithinLoginTimeout(secret);
            log.println("snowflake: connected to " + secret.account() + " as " + secret.user() + " (role " + secret.role()
                    + ", warehouse " + secret.warehouse() + ") in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            return connection;
        } catch (SQLException e) {
            String message = "Snowflake login to account " + secret.account() + " as " + secret.user() + " failed after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms: " + e.getMessage();
            throw e instanceof SQLTimeoutException
                    ? new SQLTimeoutException(message, e.getSQLState(), e.getErrorCode(), e)
                    : new SQLException(message, e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /**
     * The driver's own loginTimeout bounds its retries but not one request that hangs (its socket
     * timeout is minutes), so the login runs on its own thread and is given up after the login
     * timeout. A connection that the abandoned attempt still manages to open is closed.
     */
    private Connection connectWithinLoginTimeout(SnowflakeSecret secret) throws SQLException {
        connector.prepare();
        LoginAttempt attempt = new LoginAttempt(connector, secret);
        Thread thread = new Thread(attempt, "snowflake-login");
        thread.setDaemon(true);
        thread.start();
        try {
            return attempt.result(loginTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            throw new SQLException("interrupted while logging in to Snowflake", "08001", e);
        }
    }

    private static boolean answers(Connection connection) {
        try {
            return !connection.isClosed() && connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Logging out of a session that stopped answering can itself hang (the driver's socket timeout
     * is minutes), so it must not hold up the new login.
     */
    private static void closeInBackground(Connection connection) {
        Thread closing = new Thread(() -> {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The session is gone or going on Snowflake's side; nothing here uses it any more.
            }
        }, "snowflake-logout");
        closing.setDaemon(true);
        closing.start();
    }
}
