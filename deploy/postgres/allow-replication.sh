#!/bin/sh
# Run once by the postgres image when it creates its data directory: lets a streaming replica on the compose network
# connect for replication (pg_basebackup, then WAL streaming) with the database user's password.
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
