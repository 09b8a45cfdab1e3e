package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.application.query.UserProfileView;
import com.volcanion.tracking.application.query.UserProfiles;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads {@code read.user_profiles}, which the projector keeps (a copy of the write side's profiles). */
@Repository
class JdbcUserProfiles implements UserProfiles {

    private final ReadDatabase reads;

    JdbcUserProfiles(ReadDatabase reads) {
        this.reads = reads;
    }

    @Override
    public Optional<UserProfileView> find(UUID partnerId, String userId) {
        return reads.read(source -> source.jdbc().query("""
                        select user_id, traits::text as traits, anonymous_ids, first_seen, last_seen
                        from read.user_profiles where partner_id = ? and user_id = ?
                        """, (rs, row) -> new UserProfileView(rs.getString("user_id"), rs.getString("traits"),
                        strings(rs.getArray("anonymous_ids")), rs.getTimestamp("first_seen").toInstant(),
                        rs.getTimestamp("last_seen").toInstant()),
                partnerId, userId)).stream().findFirst();
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
