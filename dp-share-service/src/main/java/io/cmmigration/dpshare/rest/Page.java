package io.cmmigration.dpshare.rest;

import java.util.List;

/** A page of a list answer: the items and how many there are in all. */
public record Page<T>(List<T> items, long total) {
}
