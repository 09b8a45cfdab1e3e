package com.volcanion.tracking.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/** Counts in a test database, read directly with SQL: what is really stored, whatever the API said. */
final class StoredEvents {

    private StoredEvents() {
    }

    /** How many rows of write.tracking_events carry one of these message ids. */
    static long withMessageIds(String database, Collection<String> messageIds) throws SQLException {
        try (Connection connection = MachineServices.connect(database);
             PreparedStatement statement = connection.prepareStatement(
                     "select count(*) from write.tracking_events where message_id = any(?)")) {
            statement.setArray(1, connection.createArrayOf("varchar", messageIds.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** How many events of the system are stored in the write table. */
    static long ofSystem(String database, String systemId) throws SQLException {
        return count(database, "select count(*) from write.tracking_events where partner_system_id = '" + systemId + "'");
    }

    /** How many events of the system the read model holds. */
    static long projectedOfSystem(String database, String systemId) throws SQLException {
        return count(database, "select count(*) from read.tracking_events_read_model where partner_system_id = '"
                + systemId + "'");
    }

    /** The single number a query answers. */
    static long count(String database, String sql) throws SQLException {
        try (Connection connection = MachineServices.connect(database);
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
