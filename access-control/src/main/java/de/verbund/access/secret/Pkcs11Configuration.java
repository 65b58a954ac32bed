package de.verbund.access.secret;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The token, when {@code verbund.pkcs11.library} is set; key holders (ingest, audit) use it when it exists. */
@Configuration(proxyBeanMethods = false)
class Pkcs11Configuration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "verbund.pkcs11", name = "library")
    Pkcs11Token pkcs11Token(Pkcs11Properties properties) {
        return Pkcs11Token.open(properties.library(), properties.tokenLabel(),
                properties.pin() == null ? new char[0] : properties.pin().toCharArray(), properties.sessions());
    }
}
