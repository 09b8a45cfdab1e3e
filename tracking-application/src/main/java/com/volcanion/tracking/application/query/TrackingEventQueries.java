package com.volcanion.tracking.application.query;


import java.util.List;

/** Reads the read model. */
public interface TrackingEventQueries {

    /** Up to {@code limit} events after the query's cursor, newest first. */
    List<EventView> find(FindEventsQuery query, int limit);
}
