package io.twt.functions.refresh;

import io.twt.core.record.TweetRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic observations of posts: new posts by a fixed set of authors whose profiles grow over
 * time, and later sightings of earlier posts (grown counters, the author's current profile), as the
 * stream delivers them.
 */
final class Posts {

    private final Random random;
    private final List<String> authors = new ArrayList<>();
    /** Per author: favourites, followers, friends, listed, statuses. */
    private final List<long[]> profiles = new ArrayList<>();
    private Instant clock;
    private long nextId = 1_900_000_000_000_000_000L;

    Posts(long seed, int authorCount, Instant start) {
        this.random = new Random(seed);
        this.clock = start;
        for (int i = 0; i < authorCount; i++) {
            authors.add("author_" + i);
            profiles.add(new long[] {random.nextInt(500), random.nextInt(10_000), random.nextInt(800), random.nextInt(50), random.nextInt(5_000)});
        }
    }

    /** A new post by a random author, a little later than the previous one. */
    TweetRecord next() {
        clock = clock.plusMillis(200 + random.nextInt(2_000));
        nextId += 1 + random.nextInt(1_000);
        int author = random.nextInt(authors.size());
        long[] p = profiles.get(author);
        p[1] += random.nextInt(20);
        p[4] += 1;
        return new TweetRecord(Long.toString(nextId), clock, authors.get(author), "Author " + author, p[0], p[1], p[2], p[3], p[4],
                author % 7 == 0, author % 7 == 0 ? "blue" : "none", "post " + nextId + " about $ATOM",
                random.nextInt(5), 0, random.nextInt(3), random.nextInt(4), author % 11 == 0 ? null : Long.toString(1000 + author));
    }

    /** The same post seen again: its counters grown, with its author's profile as it is now. */
    TweetRecord seenAgain(TweetRecord earlier) {
        long[] p = profiles.get(authors.indexOf(earlier.screenname()));
        return new TweetRecord(earlier.id(), earlier.createdAt(), earlier.screenname(), earlier.username(), p[0], p[1], p[2], p[3], p[4],
                earlier.verified(), earlier.verifiedType(), earlier.text(),
                earlier.tweetFavoriteCount() + random.nextInt(50), earlier.tweetQuoteCount() + random.nextInt(3),
                earlier.tweetReplyCount() + random.nextInt(10), earlier.tweetRetweetCount() + random.nextInt(20), earlier.userId());
    }

    /** {@code count} observations: mostly new posts, about one in five a later sighting of an earlier one, some exact duplicates. */
    List<TweetRecord> observations(int count) {
        List<TweetRecord> out = new ArrayList<>(count);
        while (out.size() < count) {
            int kind = random.nextInt(10);
            if (out.isEmpty() || kind < 7) {
                out.add(next());
            } else if (kind < 9) {
                out.add(seenAgain(out.get(random.nextInt(out.size()))));
            } else {
                out.add(out.get(random.nextInt(out.size())));
            }
        }
        return out;
    }

    /** A hand-made post for scenarios with known outcomes. */
    static TweetRecord post(String id, String createdAt, String author, long followers, long likes) {
        return new TweetRecord(id, Instant.parse(createdAt), author, author.toUpperCase(), 1, followers, 2, 3, 4,
                false, "none", "post " + id, likes, 0, 0, 0, "42");
    }

    /** The same post with other tweet counters. */
    static TweetRecord withLikes(TweetRecord r, long likes) {
        return new TweetRecord(r.id(), r.createdAt(), r.screenname(), r.username(), r.userFavouritesCount(), r.userFollowersCount(),
                r.userFriendsCount(), r.userListedCount(), r.userStatusesCount(), r.verified(), r.verifiedType(), r.text(),
                likes, r.tweetQuoteCount(), r.tweetReplyCount(), r.tweetRetweetCount(), r.userId());
    }
}
