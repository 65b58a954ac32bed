package de.verbund.hub.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import de.verbund.hub.HubProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one Elasticsearch client of the hub. Reads on the report index go only through {@code ReportSearch}. It knows
 * every node of the cluster ({@code verbund.elasticsearch.url}, comma-separated) and skips a dead one; with
 * {@code verbund.elasticsearch.ca-certificate} it trusts only the cluster's own CA for HTTPS.
 */
@Configuration(proxyBeanMethods = false)
class ElasticsearchConfiguration {

    @Bean(destroyMethod = "close")
    ElasticsearchClient elasticsearchClient(HubProperties hub) {
        HubProperties.Elasticsearch properties = hub.elasticsearch();
        Path ca = properties.caCertificate();
        return ElasticsearchClient.of(b -> {
            b.hosts(properties.url()).usernameAndPassword(properties.username(), properties.password());
            if (ca != null) {
                b.sslContext(trusting(ca));
            }
            return b;
        });
    }

    /** An SSL context that trusts exactly the CA certificate(s) in the PEM file. */
    static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalStateException("no certificate in " + pem);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the Elasticsearch CA certificate " + pem + " cannot be read", e);
        }
    }
}
