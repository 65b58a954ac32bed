package de.verbund.search.query;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the search module ({@code verbund.search.*}).
 *
 * @param cursorKey HMAC key of the paging cursors; several hub nodes share one. Empty: a random key per node.
 */
@ConfigurationProperties("verbund.search")
public record SearchProperties(@DefaultValue("") String cursorKey) {

    @Override
    public String toString() {
        return "SearchProperties[cursorKey=***]";
    }
}
