package de.verbund.web.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Keeps the pending authorization request (state, PKCE verifier, nonce) in a short-lived cookie that is sealed with
 * AES-GCM and sent with SameSite=Lax only to the callback path: the identity provider's redirect back is a cross-site
 * navigation that does not carry the SameSite=Strict session cookie. The key is {@code verbund.web.login-key}, the
 * same on every hub instance behind one load balancer (the redirect back may reach another instance); without it, a
 * random key per process, and a login that straddles a restart simply starts again.
 */
final class LaxCookieAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "VERBUND_LOGIN";
    private static final String PATH = "/login/oauth2/code";
    private static final int MAX_AGE_SECONDS = 300;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    LaxCookieAuthorizationRequests(byte[] configuredKey) {
        if (configuredKey.length == 32) {
            key = new javax.crypto.spec.SecretKeySpec(configuredKey, "AES");
            return;
        }
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            key = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return open(cookie.getValue());
            }
        }
        return null;
    }

    @Override
    public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorizationRequest,
                                         HttpServletRequest request, HttpServletResponse response) {
        if (authorizationRequest == null) {
            clear(request, response);
            return;
        }
        write(response, seal(authorizationRequest), MAX_AGE_SECONDS, request.isSecure());
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
                                                                          HttpServletResponse response) {
        OAuth2AuthorizationRequest found = loadAuthorizationRequest(request);
        clear(request, response);
        return found;
    }

    private static void clear(HttpServletRequest request, HttpServletResponse response) {
        write(response, "", 0, request.isSecure());
    }

    private static void write(HttpServletResponse response, String value, int maxAge, boolean secure) {
        response.addHeader("Set-Cookie", ResponseCookie.from(COOKIE, value).path(PATH).httpOnly(true).secure(secure)
                .sameSite("Lax").maxAge(maxAge).build().toString());
    }

    private String seal(OAuth2AuthorizationRequest request) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(request);
            }
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = gcm.doFinal(bytes.toByteArray());
            byte[] all = new byte[12 + sealed.length];
            System.arraycopy(nonce, 0, all, 0, 12);
            System.arraycopy(sealed, 0, all, 12, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the login request cannot be kept", e);
        }
    }

    /** Only what this process sealed opens (GCM), so deserialisation never sees bytes from outside. */
    private @Nullable OAuth2AuthorizationRequest open(String value) {
        try {
            byte[] all = Base64.getUrlDecoder().decode(value);
            if (all.length < 12 + 16 || all.length > 8192) {
                return null;
            }
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            byte[] plain = gcm.doFinal(all, 12, all.length - 12);
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(plain))) {
                return in.readObject() instanceof OAuth2AuthorizationRequest r ? r : null;
            }
        } catch (IllegalArgumentException | IOException | ClassNotFoundException | GeneralSecurityException e) {
            return null;
        }
    }
}
