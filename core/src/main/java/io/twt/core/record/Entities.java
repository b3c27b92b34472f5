package io.twt.core.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A post's {@link EntityField} values, in the order X gives them, duplicates kept. Immutable. */
public final class Entities {

    public static final Entities NONE = new Entities(new EnumMap<>(EntityField.class));

    private final Map<EntityField, List<String>> values;

    private Entities(Map<EntityField, List<String>> values) {
        this.values = values;
    }

    /** The values of {@code field}; empty when the post has none. */
    public List<String> get(EntityField field) {
        return values.getOrDefault(field, List.of());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entities && ((Entities) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects values; one that {@link EntityField#acceptable} refuses (null, empty, too long) is left out. */
    public static final class Builder {
        private final Map<EntityField, List<String>> values = new EnumMap<>(EntityField.class);

        public Builder add(EntityField field, String value) {
            if (EntityField.acceptable(value)) {
                values.computeIfAbsent(field, f -> new ArrayList<>(4)).add(value);
            }
            return this;
        }

        public Entities build() {
            if (values.isEmpty()) {
                return NONE;
            }
            Map<EntityField, List<String>> copy = new EnumMap<>(EntityField.class);
            values.forEach((f, v) -> copy.put(f, Collections.unmodifiableList(new ArrayList<>(v))));
            return new Entities(copy);
        }
    }
}
