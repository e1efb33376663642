package io.cmmigration.monitoring.dashboard.rest;

import io.cmmigration.common.rest.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/** Checks of query parameters shared by the resources: a bad value is a 400 that says which and why. */
public final class Params {

    public static final int MAX_PAGE_SIZE = 1000;

    private Params() {
    }

    public static int page(Integer page) {
        if (page != null && page < 0) {
            throw ProblemException.badRequest("page must be 0 or more (pages are numbered from 0)");
        }
        return page == null ? 0 : page;
    }

    public static int size(Integer size, int defaultSize) {
        if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
            throw ProblemException.badRequest("size must be between 1 and " + MAX_PAGE_SIZE);
        }
        return size == null ? defaultSize : size;
    }

    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** An enum constant's name given case-insensitively, or a 400 listing the allowed values. */
    public static <E extends Enum<E>> String enumName(String value, Class<E> type, String param) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(param + " '" + v + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    public static Instant instant(String value, String param) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(param + " '" + v + "' is not an ISO-8601 instant such as 2024-05-01T10:00:00Z");
        }
    }
}
