package com.volcanion.tracking.application;

import java.util.List;
import java.util.function.Function;

/** One page of a longer list: the items, where the page is, and how long the whole list is. */
public record PageView<T>(List<T> items, int page, int size, long totalItems) {

    public int totalPages() {
        return size == 0 ? 0 : (int) ((totalItems + size - 1) / size);
    }

    public <R> PageView<R> map(Function<T, R> mapper) {
        return new PageView<>(items.stream().map(mapper).toList(), page, size, totalItems);
    }
}
