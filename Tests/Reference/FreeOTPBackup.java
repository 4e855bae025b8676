// An independent writer of FreeOTP 2's encrypted backup (`externalBackup.xml`), for the tests.
// Written from FreeOTP's Android sources (TokenPersistence, encryptor/MasterKey,
// encryptor/EncryptedKey, Token), with the real libraries that app uses to write the file:
// Java's ObjectOutputStream (the file is a serialized HashMap of the "tokenBackup"
// preferences), Gson (every value is Gson's JSON of FreeOTP's classes; byte arrays as lists of
// signed numbers, null fields left out) and the JCE (PBKDF2, AES/GCM/NoPadding and its
// parameters' DER encoding). Nothing here is shared with Otter.
//
//   java -cp /usr/share/java/gson.jar FreeOTPBackup.java OUT [--prefs] [--sha1] [--sparse] [--alt]
//        [--iterations N]   < {"password": "...", "accounts": [...]}
//
// --prefs    the same map as Android keeps it (shared_prefs/tokenBackup.xml), as pulled from a
//            phone, instead of the serialized file the app's Backup menu writes
// --sha1     the master key under PBKDF2withHmacSHA1 (phones without HmacSHA512 PBKDF2)
// --sparse   tokens added from URIs without algorithm, digits or period: those fields are null
//            in FreeOTP's Token, so Gson leaves them out
// --alt      labels renamed in FreeOTP 1.5 or older: issuerAlt and labelAlt hold the names shown
// --linked   a LinkedHashMap instead of a HashMap (its class description has a superclass)

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.*;
import javax.crypto.*;
import javax.crypto.spec.*;

public class FreeOTPBackup {
  static final class EncryptedKey {
    private final byte[] mCipherText;
    private final byte[] mParameters;
    private final String mCipher;
    private final String mToken;

    EncryptedKey(SecretKey key, SecretKey plaintext) throws Exception {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key);
      mCipher = cipher.getAlgorithm();
      mToken = plaintext.getAlgorithm();
      cipher.updateAAD(mToken.getBytes(StandardCharsets.UTF_8));
      mCipherText = cipher.doFinal(plaintext.getEncoded());
      mParameters = cipher.getParameters().getEncoded();
    }
  }

  static final class MasterKey {
    private final EncryptedKey mEncryptedKey;
    private final String mAlgorithm;
    private final int mIterations;
    private final byte[] mSalt;

    MasterKey(String password, String algorithm, int iterations, SecretKey key) throws Exception {
      byte[] salt = new byte[32];
      new SecureRandom().nextBytes(salt);
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 32 * 8);
      SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
      SecretKey wrapping = new SecretKeySpec(factory.generateSecret(spec).getEncoded(), "AES");
      mEncryptedKey = new EncryptedKey(wrapping, key);
      mAlgorithm = factory.getAlgorithm();
      mIterations = iterations;
      mSalt = salt;
    }
  }

  enum Type { HOTP, TOTP }

  static final class Token {
    @SerializedName("algo") String mAlgorithm;
    @SerializedName("issuerExt") String mIssuer;
    @SerializedName("issuerInt") String mIssuerParam;
    @SerializedName("issuerAlt") String mIssuerAlt;
    @SerializedName("label") String mLabel;
    @SerializedName("labelAlt") String mLabelAlt;
    @SerializedName("image") String mImage;
    @SerializedName("color") String mColor;
    @SerializedName("lock") Boolean mLock;
    @SerializedName("period") Integer mPeriod;
    @SerializedName("digits") Integer mDigits;
    @SerializedName("type") Type mType;
    @SerializedName("counter") Long mCounter;
  }

  static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0, bits = 0;
    for (char c : text.replace("=", "").toUpperCase(Locale.ROOT).toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  static String xmlEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args).subList(1, args.length);
    int iterations = 100000;
    int at = options.indexOf("--iterations");
    if (at >= 0) iterations = Integer.parseInt(options.get(at + 1));
    Gson gson = new Gson();
    JsonObject input = gson.fromJson(new InputStreamReader(System.in, StandardCharsets.UTF_8), JsonObject.class);
    String password = input.get("password").getAsString();

    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    SecretKey master = new SecretKeySpec(raw, "AES");
    String kdf = options.contains("--sha1") ? "PBKDF2withHmacSHA1" : "PBKDF2withHmacSHA512";
    Map<String, Object> backup = options.contains("--linked") ? new LinkedHashMap<>() : new HashMap<>();
    backup.put("masterKey", gson.toJson(new MasterKey(password, kdf, iterations, master)));

    boolean sparse = options.contains("--sparse");
    for (JsonElement element : input.getAsJsonArray("accounts")) {
      JsonObject account = element.getAsJsonObject();
      String kind = account.get("kind").getAsString();
      String algorithm = account.get("algorithm").getAsString();
      Token token = new Token();
      token.mType = kind.equals("hotp") ? Type.HOTP : Type.TOTP;
      token.mIssuer = account.get("issuer").getAsString();
      token.mIssuerParam = token.mIssuer;
      token.mLabel = account.get("name").getAsString();
      int digits = account.get("digits").getAsInt();
      int period = account.get("period").getAsInt();
      boolean defaults = algorithm.equals("SHA1") && period == 30 && digits == (kind.equals("steam") ? 5 : 6);
      if (!(sparse && defaults)) {
        token.mAlgorithm = algorithm;
        token.mDigits = digits;
        token.mPeriod = period;
      }
      if (token.mType == Type.HOTP) token.mCounter = account.get("counter").getAsLong();
      if (options.contains("--alt")) {
        token.mIssuerAlt = token.mIssuer;
        token.mLabelAlt = token.mLabel;
        token.mIssuer = "old " + token.mIssuer;
        token.mLabel = "old " + token.mLabel;
      }
      String uuid = UUID.randomUUID().toString();
      SecretKey secret = new SecretKeySpec(base32(account.get("secret").getAsString()), "Hmac" + algorithm);
      JsonObject wrapper = new JsonObject();
      wrapper.addProperty("key", gson.toJson(new EncryptedKey(master, secret)));
      backup.put(uuid, wrapper.toString());
      backup.put(uuid + "-token", gson.toJson(token));
    }

    try (OutputStream file = new FileOutputStream(args[0])) {
      if (options.contains("--prefs")) {
        StringBuilder xml = new StringBuilder("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n");
        for (Map.Entry<String, Object> entry : backup.entrySet()) {
          xml.append("    <string name=\"").append(xmlEscape(entry.getKey())).append("\">")
              .append(xmlEscape((String) entry.getValue())).append("</string>\n");
        }
        file.write(xml.append("</map>\n").toString().getBytes(StandardCharsets.UTF_8));
      } else {
        ObjectOutputStream output = new ObjectOutputStream(file);
        output.writeObject(backup);
        output.flush();
      }
    }
  }
}
