package io.twt.core.trim;

/** The post's author as either format gives it: a v1.1 {@code user} or a v2 {@code includes.users} entry. */
final class Author {
    String id;
    String screenName;
    String name;
    long favourites;
    long followers;
    long friends;
    long listed;
    long statuses;
    boolean verified;
    String verifiedType;
}
