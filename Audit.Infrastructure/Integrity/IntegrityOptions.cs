using System.ComponentModel.DataAnnotations;

namespace Audit.Infrastructure.Integrity;

/// <summary>The hash chain, its signed checkpoints (files outside PostgreSQL) and the self-verification.</summary>
public sealed class IntegrityOptions
{
    public const string Section = "Integrity";

    /// <summary>Names this trail in every checkpoint (as a C2SP checkpoint's origin line).</summary>
    [Required]
    public string Origin { get; set; } = "audit";

    /// <summary>Ed25519 private key (PKCS#8 PEM, as <c>openssl genpkey -algorithm ed25519</c> writes it). Empty: no checkpoints.</summary>
    public string SigningKeyPath { get; set; } = "";

    /// <summary>Where each checkpoint is written as a plain-text file. Empty: no checkpoints.</summary>
    public string CheckpointDirectory { get; set; } = "";

    /// <summary>Public key beside the signing key, for the self-verification (default: SigningKeyPath + ".pub").</summary>
    public string PublicKeyPath { get; set; } = "";

    /// <summary>Make the key pair on first use when <see cref="SigningKeyPath"/> does not exist (containers; scripts/run.sh uses openssl).</summary>
    public bool CreateSigningKey { get; set; }

    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the sealer chains newly committed batches.</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the whole chain is re-verified against the checkpoint files; the outcome shows in /health and /metrics.</summary>
    public TimeSpan SelfVerifyInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a due self-verification may wait for the parse backlog to drain before it runs anyway.</summary>
    public TimeSpan SelfVerifyMaxDeferral { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Run the sealer, checkpoints and self-verification in this process (tests call them directly).</summary>
    public bool BackgroundEnabled { get; set; } = true;

    public bool CheckpointsEnabled => SigningKeyPath.Length > 0 && CheckpointDirectory.Length > 0;

    public string EffectivePublicKeyPath => PublicKeyPath.Length > 0 ? PublicKeyPath : SigningKeyPath + ".pub";
}
