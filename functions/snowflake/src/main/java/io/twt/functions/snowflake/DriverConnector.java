package io.twt.functions.snowflake;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections through the Snowflake JDBC driver, which the {@code snowflake-jdbc} layer puts
 * on the classpath (this module compiles without it), with key-pair (JWT) authentication and the
 * settings that matter on Lambda:
 *
 * <ul>
 *   <li>{@code JDBC_QUERY_RESULT_FORMAT=JSON}: Arrow results would need {@code --add-opens} on Java 17+.</li>
 *   <li>the OCSP response cache under {@code /tmp}, the only writable place, so it survives between
 *       invocations of one execution environment;</li>
 *   <li>cloud-platform detection off: its metadata-endpoint probes only add time on a cold start;</li>
 *   <li>{@code loginTimeout}, {@code networkTimeout} and {@code queryTimeout} from {@link SnowflakeSettings};</li>
 *   <li>{@code application=twt} (shows in Snowflake's query and login history) and session {@code TIMEZONE=UTC},
 *       so {@code TIMESTAMP_LTZ} values (e.g. {@code twt_raw.load_time}) read as UTC like everything else.</li>
 * </ul>
 */
final class DriverConnector implements SnowflakeConnector {

    /** The 4.x driver class; loading it registers it with {@link DriverManager}. */
    static final String DRIVER_CLASS = "net.snowflake.client.api.driver.SnowflakeDriver";
    static final String APPLICATION = "twt";
    static final String OCSP_CACHE_DIR_PROPERTY = "net.snowflake.jdbc.ocspResponseCacheDir";
    static final String OCSP_CACHE_DIR_VARIABLE = "SF_OCSP_RESPONSE_CACHE_DIR";
    static final String DISABLE_PLATFORM_DETECTION_PROPERTY = "net.snowflake.jdbc.disablePlatformDetection";

    private final SnowflakeSettings settings;

    DriverConnector(SnowflakeSettings settings) {
        this.settings = settings;
    }

    /** Loads the driver (seconds of class loading in a fresh JVM) and applies the JVM-wide settings. */
    @Override
    public void prepare() throws SQLException {
        Jvm.configure();
    }

    @Override
    public Connection connect(SnowflakeSecret secret) throws SQLException {
        Jvm.configure();
        return DriverManager.getConnection(settings.jdbcUrl(secret.account()), properties(secret));
    }

    Properties properties(SnowflakeSecret secret) {
        Properties p = new Properties();
        p.setProperty("account", secret.account());
        p.setProperty("user", secret.user());
        p.setProperty("role", secret.role());
        p.setProperty("warehouse", secret.warehouse());
        p.setProperty("db", secret.database());
        p.setProperty("schema", secret.schema());
        p.setProperty("authenticator", "SNOWFLAKE_JWT");
        // The key object itself: the driver signs the login JWT with it; no PEM or passphrase is handed over.
        p.put("privateKey", secret.privateKey());
        p.setProperty("application", APPLICATION);
        p.setProperty("loginTimeout", Integer.toString(settings.loginTimeoutSeconds()));
        // The 4.x driver reads networkTimeout in milliseconds.
        p.setProperty("networkTimeout", Integer.toString(settings.networkTimeoutSeconds() * 1000));
        p.setProperty("queryTimeout", Integer.toString(settings.queryTimeoutSeconds()));
        p.setProperty("disablePlatformDetection", "true");
        // Names the driver does not know are sent as session parameters at login.
        p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        p.setProperty("TIMEZONE", "UTC");
        return p;
    }

    /** JVM-wide driver settings, applied once before the first connection. */
    static final class Jvm {

        private static boolean configured;

        private Jvm() {
        }

        static synchronized void configure() throws SQLException {
            if (configured) {
                return;
            }
            if (System.getProperty(OCSP_CACHE_DIR_PROPERTY) == null && System.getenv(OCSP_CACHE_DIR_VARIABLE) == null) {
                System.setProperty(OCSP_CACHE_DIR_PROPERTY, Path.of(System.getProperty("java.io.tmpdir"), "snowflake-ocsp").toString());
            }
            if (System.getProperty(DISABLE_PLATFORM_DETECTION_PROPERTY) == null) {
                System.setProperty(DISABLE_PLATFORM_DETECTION_PROPERTY, "true");
            }
            try {
                // Explicit loading: DriverManager's service scan may not see the layer's jar from Lambda's class loader.
                Class.forName(DRIVER_CLASS, true, DriverConnector.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new SQLException("the Snowflake JDBC driver (" + DRIVER_CLASS + ") is not on the classpath:"
                        + " attach the snowflake-jdbc layer to the function", "08001", e);
            }
            configured = true;
        }
    }
}
