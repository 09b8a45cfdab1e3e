package com.volcanion.tracking.api.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at /v3/api-docs: title, version and the two credentials of docs/api.md. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI trackingOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Volcanion Tracking").version("1")
                        .description("Self-hosted event tracking. Errors are application/problem+json (RFC 9457)."))
                .components(new Components()
                        .addSecuritySchemes("admin", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The admin token (TRACKING_ADMIN_TOKEN)"))
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key")
                                .description("A system's API key")));
    }
}
