package io.twt.functions.validate;

/** An object in S3; {@code key} is decoded (as S3 stores it, not as an event spells it). */
public record S3ObjectId(String bucket, String key) {

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
