/**
 * The web UI: server-rendered pages for the people the hub exists for, in German first. A page controller calls the
 * same service as the JSON controller (one need-to-know path, one audit); it never queries Elasticsearch or
 * PostgreSQL itself.
 */
@NullMarked
package de.verbund.web;

import org.jspecify.annotations.NullMarked;
