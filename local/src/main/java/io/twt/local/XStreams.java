package io.twt.local;

import io.twt.stream.Sleeper;
import io.twt.stream.StreamDefaults;
import io.twt.stream.budget.BudgetedSource;
import io.twt.stream.budget.PostBudget;
import io.twt.stream.x.CredentialsSource;
import io.twt.stream.x.FilteredStreamSource;
import io.twt.stream.x.V1StreamSource;
import io.twt.stream.x.XCredentials;
import io.twt.stream.x.XUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The X streams for {@code twt local --source x-v2 | x-v1}: the sources the forwarder runs too (twt-stream), with the
 * credentials taken from environment variables instead of Secrets Manager. Values are read from
 * the environment only: an argument would show in shell history and {@code ps}.
 */
final class XStreams {

    static final String BEARER_TOKEN = "X_BEARER_TOKEN";
    static final List<String> OAUTH1_KEYS = List.of("X_CONSUMER_KEY", "X_CONSUMER_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET");

    private XStreams() {
    }

    /** The variables {@code kind} needs that are unset or blank in {@code env}. */
    static List<String> missing(LocalCommand.SourceKind kind, Map<String, String> env) {
        List<String> needed = switch (kind) {
            case X_V2 -> List.of(BEARER_TOKEN);
            case X_V1 -> OAUTH1_KEYS;
            case FILE -> List.of();
        };
        List<String> missing = new ArrayList<>();
        for (String name : needed) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                missing.add(name);
            }
        }
        return missing;
    }

    /**
     * The v2 filtered stream held to {@code budget}: syncs {@code rules} (tag twt), then streams,
     * reconnecting as X asks. X's usage endpoint first raises the budget's counts where X's are
     * higher, waiting at most {@link StreamDefaults#USAGE_TIMEOUT}.
     */
    static LocalPipeline.SourceFactory v2(Map<String, String> env, URI baseUrl, List<String> rules, Duration stallTimeout,
            PostBudget budget) throws InterruptedException {
        CredentialsSource credentials = fixed(new XCredentials(env.get(BEARER_TOKEN).strip(), null, null, null, null));
        HttpClient http = HttpClient.newBuilder().connectTimeout(StreamDefaults.CONNECT_TIMEOUT).build();
        XUsage.seed(budget, http, baseUrl, credentials, StreamDefaults.USAGE_TIMEOUT);
        return (lines, reconnects) -> new BudgetedSource(budget, l -> new FilteredStreamSource(http, baseUrl, credentials, rules, l,
                reconnects, Sleeper.SYSTEM, Clock.systemUTC(), stallTimeout), lines, Sleeper.SYSTEM);
    }

    /** The v1.1 statuses/filter stream through twitter4j, following {@code track}, held to {@code budget}. */
    static LocalPipeline.SourceFactory v1(Map<String, String> env, URI baseUrl, List<String> track, PostBudget budget) {
        XCredentials keys = new XCredentials(null, env.get(OAUTH1_KEYS.get(0)).strip(), env.get(OAUTH1_KEYS.get(1)).strip(),
                env.get(OAUTH1_KEYS.get(2)).strip(), env.get(OAUTH1_KEYS.get(3)).strip());
        return (lines, reconnects) -> new BudgetedSource(budget, l -> new V1StreamSource(keys, baseUrl, track, l, reconnects), lines,
                Sleeper.SYSTEM);
    }

    /** The environment does not change under a running process: reading it again gives the same. */
    private static CredentialsSource fixed(XCredentials credentials) {
        return new CredentialsSource() {
            @Override
            public XCredentials current() {
                return credentials;
            }

            @Override
            public XCredentials refresh() {
                return credentials;
            }
        };
    }
}
