/**
 * PostgreSQL adapters. JPA entities and Spring Data repositories are package-private helpers of the
 * public {@code Jpa*} adapters, which map them to and from domain aggregates.
 */
package com.volcanion.tracking.infrastructure.persistence;
