-- twt migration 5: the entities of each post, one row per distinct (kind, value) per post, filled
-- by the refresh in its transaction from the record's entity keys. kind is one of cashtag,
-- hashtag, mention, url or rule (a tag of a filtered-stream rule the post matched). value is
-- normalised as X matches them: a cashtag upper-case without its $, a hashtag without its # and a
-- mention without its @ lower-case, a URL (the expanded one when X gave it) and a rule tag as
-- they came. created_at and user_screen_name are the post's, so that the analysts' views need no
-- join for the common questions.

CREATE TABLE IF NOT EXISTS twt_tweet_entity (
    tweet_id STRING NOT NULL,
    kind STRING NOT NULL,
    value STRING NOT NULL,
    created_at DATETIME NOT NULL,
    user_screen_name STRING NOT NULL,
    PRIMARY KEY (tweet_id, kind, value)
);
