package de.verbund.testsupport;

/** Where the real services of a test run are, and the credentials the hub uses for them. */
public record ServiceEndpoints(String esUrl, String esUser, String esPassword, String esAdminUser,
                               String esAdminPassword, String pgUrl, String pgOwnerUser, String pgOwnerPassword,
                               String pgAppUser, String pgAppPassword, String keycloakUrl, String issuer,
                               String origin) {

    @Override
    public String toString() {
        return "ServiceEndpoints[es=" + esUrl + ", pg=" + pgUrl + ", keycloak=" + keycloakUrl + ", from " + origin + "]";
    }
}
