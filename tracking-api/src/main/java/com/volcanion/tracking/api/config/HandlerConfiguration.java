package com.volcanion.tracking.api.config;

import com.volcanion.tracking.application.access.AuthenticatePartnerTokenHandler;
import com.volcanion.tracking.application.access.FindAuditRecordsHandler;
import com.volcanion.tracking.application.access.FindPartnerTokensHandler;
import com.volcanion.tracking.application.access.IssuePartnerTokenHandler;
import com.volcanion.tracking.application.access.RevokePartnerTokenHandler;
import com.volcanion.tracking.application.lifecycle.FindDeletionHandler;
import com.volcanion.tracking.application.lifecycle.FindRevalidationHandler;
import com.volcanion.tracking.application.lifecycle.LiftSuppressionHandler;
import com.volcanion.tracking.application.lifecycle.RequestRevalidationHandler;
import com.volcanion.tracking.application.lifecycle.RevalidationJobs;
import com.volcanion.tracking.application.lifecycle.RequestDeletionHandler;
import com.volcanion.tracking.application.port.AuditTrail;
import com.volcanion.tracking.application.lifecycle.DeletionJobs;
import com.volcanion.tracking.application.port.PartnerTokens;
import com.volcanion.tracking.application.ingest.AuthenticateApiKeyHandler;
import com.volcanion.tracking.application.ingest.CheckRateLimitHandler;
import com.volcanion.tracking.application.ingest.IngestEventsHandler;
import com.volcanion.tracking.application.partner.command.RegisterPartnerHandler;
import com.volcanion.tracking.application.partner.command.UpdatePartnerHandler;
import com.volcanion.tracking.application.partner.query.FindPartnersHandler;
import com.volcanion.tracking.application.partner.query.GetPartnerHandler;
import com.volcanion.tracking.application.ingest.ApiKeyCache;
import com.volcanion.tracking.application.ingest.RateLimiter;
import com.volcanion.tracking.application.structure.EventSchemaChecker;
import com.volcanion.tracking.application.ingest.EventValidator;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.application.query.StatisticsCache;
import com.volcanion.tracking.application.query.StatisticsViews;
import com.volcanion.tracking.application.ingest.SystemCredentials;
import com.volcanion.tracking.application.query.TrackingEventQueries;
import com.volcanion.tracking.application.query.GetUserProfileHandler;
import com.volcanion.tracking.application.query.UserProfiles;
import com.volcanion.tracking.application.query.FindEventsHandler;
import com.volcanion.tracking.application.analytics.AnalyticsCache;
import com.volcanion.tracking.application.analytics.AnalyticsViews;
import com.volcanion.tracking.application.analytics.GetAnalyticsHandler;
import com.volcanion.tracking.application.query.GetStatisticsHandler;
import com.volcanion.tracking.application.ingest.TrackingEventStore;
import com.volcanion.tracking.application.structure.command.DefineEventStructureHandler;
import com.volcanion.tracking.application.structure.command.RemoveEventStructureHandler;
import com.volcanion.tracking.application.structure.query.FindEventStructuresHandler;
import com.volcanion.tracking.application.structure.query.GetEventStructureHandler;
import com.volcanion.tracking.application.system.command.RegisterSystemHandler;
import com.volcanion.tracking.application.system.command.RotateApiKeyHandler;
import com.volcanion.tracking.application.system.command.UpdateSystemHandler;
import com.volcanion.tracking.application.system.query.FindSystemsHandler;
import com.volcanion.tracking.application.system.query.GetSystemHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** Creates the use-case handlers (plain classes of tracking-application) with the adapters they need. */
@Configuration(proxyBeanMethods = false)
class HandlerConfiguration {

    /** UTC, ticking in microseconds: the precision PostgreSQL keeps, so an answer and a later read agree. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    @Bean
    AuthenticateApiKeyHandler authenticateApiKeyHandler(ApiKeyCache cache, SystemCredentials credentials, Clock clock) {
        return new AuthenticateApiKeyHandler(cache, credentials, clock);
    }

    @Bean
    CheckRateLimitHandler checkRateLimitHandler(RateLimiter limiter, TrackingProperties properties) {
        return new CheckRateLimitHandler(limiter, properties.rateLimit().defaultPerSecond());
    }

    @Bean
    IngestEventsHandler ingestEventsHandler(EventValidator validator, TrackingEventStore store, Clock clock) {
        return new IngestEventsHandler(validator, store, clock);
    }

    @Bean
    FindEventsHandler findEventsHandler(PartnerRepository partners, TrackingEventQueries events) {
        return new FindEventsHandler(partners, events);
    }

    @Bean
    GetUserProfileHandler getUserProfileHandler(PartnerRepository partners, UserProfiles profiles) {
        return new GetUserProfileHandler(partners, profiles);
    }

    @Bean
    GetStatisticsHandler getStatisticsHandler(PartnerRepository partners, StatisticsViews statistics,
                                              StatisticsCache cache) {
        return new GetStatisticsHandler(partners, statistics, cache);
    }

    @Bean
    GetAnalyticsHandler getAnalyticsHandler(PartnerRepository partners, AnalyticsViews analytics, AnalyticsCache cache) {
        return new GetAnalyticsHandler(partners, analytics, cache);
    }

    @Bean
    RegisterPartnerHandler registerPartnerHandler(PartnerRepository partners, Clock clock) {
        return new RegisterPartnerHandler(partners, clock);
    }

    @Bean
    UpdatePartnerHandler updatePartnerHandler(PartnerRepository partners, Clock clock) {
        return new UpdatePartnerHandler(partners, clock);
    }

    @Bean
    GetPartnerHandler getPartnerHandler(PartnerRepository partners) {
        return new GetPartnerHandler(partners);
    }

    @Bean
    FindPartnersHandler findPartnersHandler(PartnerRepository partners) {
        return new FindPartnersHandler(partners);
    }

    @Bean
    RegisterSystemHandler registerSystemHandler(PartnerRepository partners, Clock clock) {
        return new RegisterSystemHandler(partners, clock);
    }

    @Bean
    UpdateSystemHandler updateSystemHandler(PartnerRepository partners, Clock clock) {
        return new UpdateSystemHandler(partners, clock);
    }

    @Bean
    RotateApiKeyHandler rotateApiKeyHandler(PartnerRepository partners, Clock clock) {
        return new RotateApiKeyHandler(partners, clock);
    }

    @Bean
    GetSystemHandler getSystemHandler(PartnerRepository partners) {
        return new GetSystemHandler(partners);
    }

    @Bean
    FindSystemsHandler findSystemsHandler(PartnerRepository partners) {
        return new FindSystemsHandler(partners);
    }

    @Bean
    DefineEventStructureHandler defineEventStructureHandler(PartnerRepository partners, EventSchemaChecker schemas,
                                                            Clock clock) {
        return new DefineEventStructureHandler(partners, schemas, clock);
    }

    @Bean
    RemoveEventStructureHandler removeEventStructureHandler(PartnerRepository partners) {
        return new RemoveEventStructureHandler(partners);
    }

    @Bean
    GetEventStructureHandler getEventStructureHandler(PartnerRepository partners) {
        return new GetEventStructureHandler(partners);
    }

    @Bean
    FindEventStructuresHandler findEventStructuresHandler(PartnerRepository partners) {
        return new FindEventStructuresHandler(partners);
    }

    @Bean
    AuthenticatePartnerTokenHandler authenticatePartnerTokenHandler(PartnerTokens tokens, Clock clock) {
        return new AuthenticatePartnerTokenHandler(tokens, clock);
    }

    @Bean
    IssuePartnerTokenHandler issuePartnerTokenHandler(PartnerRepository partners, PartnerTokens tokens,
                                                      AuditTrail audit, Clock clock) {
        return new IssuePartnerTokenHandler(partners, tokens, audit, clock);
    }

    @Bean
    RequestDeletionHandler requestDeletionHandler(PartnerRepository partners, DeletionJobs jobs, AuditTrail audit,
                                                  Clock clock) {
        return new RequestDeletionHandler(partners, jobs, audit, clock);
    }

    @Bean
    FindDeletionHandler findDeletionHandler(DeletionJobs jobs) {
        return new FindDeletionHandler(jobs);
    }

    @Bean
    RequestRevalidationHandler requestRevalidationHandler(PartnerRepository partners, RevalidationJobs jobs,
                                                          AuditTrail audit, Clock clock) {
        return new RequestRevalidationHandler(partners, jobs, audit, clock);
    }

    @Bean
    FindRevalidationHandler findRevalidationHandler(RevalidationJobs jobs) {
        return new FindRevalidationHandler(jobs);
    }

    @Bean
    LiftSuppressionHandler liftSuppressionHandler(DeletionJobs jobs, AuditTrail audit) {
        return new LiftSuppressionHandler(jobs, audit);
    }

    @Bean
    RevokePartnerTokenHandler revokePartnerTokenHandler(PartnerTokens tokens, AuditTrail audit) {
        return new RevokePartnerTokenHandler(tokens, audit);
    }

    @Bean
    FindPartnerTokensHandler findPartnerTokensHandler(PartnerRepository partners, PartnerTokens tokens) {
        return new FindPartnerTokensHandler(partners, tokens);
    }

    @Bean
    FindAuditRecordsHandler findAuditRecordsHandler(PartnerRepository partners, AuditTrail audit) {
        return new FindAuditRecordsHandler(partners, audit);
    }
}
