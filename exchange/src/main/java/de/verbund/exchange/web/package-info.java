/** The exchange endpoints of API v1: selector checks, access requests, decisions, notifications. */
@NullMarked
package de.verbund.exchange.web;

import org.jspecify.annotations.NullMarked;
