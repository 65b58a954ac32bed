/**
 * Key material: files holding keys (written atomically, readable by the owner only) and the PKCS#11 token that keeps
 * keys inside a hardware security module (SoftHSM2 locally), so that they never leave it.
 */
@NullMarked
package de.verbund.access.secret;

import org.jspecify.annotations.NullMarked;
