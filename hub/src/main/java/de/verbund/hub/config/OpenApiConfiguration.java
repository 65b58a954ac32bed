package de.verbund.hub.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import de.verbund.hub.HubProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}) and Swagger UI ({@code /swagger-ui/index.html}), with login against
 * the identity provider (authorization code with PKCE, client {@code verbund-cli}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI verbundOpenApi(HubProperties hub) {
        String issuer = hub.security().issuer();
        SecurityScheme oidc = new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                .description("Keycloak realm 'verbund'; the token's authority, clearance, mandates and roles decide")
                .flows(new OAuthFlows().authorizationCode(new OAuthFlow()
                        .authorizationUrl(issuer + "/protocol/openid-connect/auth")
                        .tokenUrl(issuer + "/protocol/openid-connect/token")));
        SecurityScheme bearer = new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT");
        return new OpenAPI()
                .info(new Info().title("Verbund API").version("v1")
                        .description("Case-intelligence hub of BKA and the LKAs. Every consultation needs 'purpose' and "
                                + "'caseReference'. What the need-to-know rule hides does not exist for the caller. "
                                + "Errors are RFC 9457 problem details."))
                .components(new Components().addSecuritySchemes("keycloak", oidc).addSecuritySchemes("bearer", bearer))
                .addSecurityItem(new SecurityRequirement().addList("keycloak"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
