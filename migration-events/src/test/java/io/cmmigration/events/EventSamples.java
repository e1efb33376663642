package io.cmmigration.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds sample instances of any event record: "full" (every field set, nested records and collections populated) and
 * "sparse" (every nullable field null). Used to check events against their hand-written JSON schemas.
 */
final class EventSamples {

    private EventSamples() {
    }

    @SuppressWarnings("unchecked")
    static List<Class<? extends MigrationEvent>> eventTypes() {
        return Arrays.stream(MigrationEvent.class.getAnnotation(JsonSubTypes.class).value())
                .<Class<? extends MigrationEvent>>map(t -> (Class<? extends MigrationEvent>) t.value()).toList();
    }

    static String typeName(Class<? extends MigrationEvent> type) {
        return Arrays.stream(MigrationEvent.class.getAnnotation(JsonSubTypes.class).value())
                .filter(t -> t.value() == type).findFirst().orElseThrow().name();
    }

    static <T> T full(Class<T> type) {
        return build(type, false);
    }

    static <T> T sparse(Class<T> type) {
        return build(type, true);
    }

    /** Sparse: every field the record itself accepts as null is null (the record's constructor guards required fields). */
    private static <T> T build(Class<T> type, boolean sparse) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getName(), components[i].getGenericType());
        }
        try {
            Constructor<T> c = type.getDeclaredConstructor(types);
            if (sparse) {
                for (int i = 0; i < args.length; i++) {
                    if (types[i].isPrimitive()) {
                        continue;
                    }
                    Object kept = args[i];
                    args[i] = null;
                    try {
                        c.newInstance(args);
                    } catch (InvocationTargetException rejected) {
                        args[i] = kept;
                    }
                }
            }
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(String name, Type generic) {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        if (raw == int.class) {
            return 1;
        }
        if (raw == long.class) {
            return 42L;
        }
        if (raw == boolean.class) {
            return true;
        }
        if (raw == String.class) {
            return name + "-value";
        }
        if (raw == UUID.class) {
            return UUID.randomUUID();
        }
        if (raw == Instant.class) {
            return Instant.parse("2026-11-26T08:00:00Z");
        }
        if (raw == Integer.class) {
            return 7;
        }
        if (raw == Long.class) {
            return 9L;
        }
        if (raw == Boolean.class) {
            return Boolean.FALSE;
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[raw.getEnumConstants().length - 1];
        }
        if (raw == List.class) {
            Type item = ((ParameterizedType) generic).getActualTypeArguments()[0];
            return List.of(value("item", item));
        }
        if (raw == Map.class) {
            Type v = ((ParameterizedType) generic).getActualTypeArguments()[1];
            if (v == Object.class) {
                return Map.of("Name", "Sample", "MemberCount", 3, "children", List.of(Map.of("ProgramName", "Install")));
            }
            return Map.of("KEY", value("entry", v));
        }
        if (raw.isRecord()) {
            return build(raw, false);
        }
        throw new IllegalArgumentException("no sample for " + generic + " (" + name + ")");
    }
}
