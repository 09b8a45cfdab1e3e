package com.volcanion.tracking.infrastructure.testing;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own on the shared test PostgreSQL, for tests that drop partitions or migrate a schema step by step
 * and so must not share the service's database with other tests.
 */
public record FreshDatabase(String name, DataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transactions) {

    /** A new, empty database. */
    public static FreshDatabase create(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        var endpoints = TestServers.endpoints();
        try (Connection admin = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.username(), endpoints.password());
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String url = endpoints.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(endpoints.username());
        dataSource.setPassword(endpoints.password());
        dataSource.setMaximumPoolSize(6);
        dataSource.setMinimumIdle(0);
        return new FreshDatabase(name, dataSource, new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    /** Applies the service's migrations up to {@code version} ("latest" for all). */
    public FreshDatabase migrate(String version) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(version).load().migrate();
        return this;
    }

    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }
}
