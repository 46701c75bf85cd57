using System.Collections.Frozen;

namespace Audit.Domain.Auditd;

/// <summary>
/// auditd record type numbers and names (kernel <c>linux/audit.h</c> and libaudit's user-space
/// ranges), for <c>type=UNKNOWN[1334]</c> and the numeric <c>type=1400</c> of kernel printk lines,
/// and which types are always one record on their own.
/// </summary>
public static class AuditRecordTypes
{
    // The types the code tests by number (the table below names them all; a test keeps the two in step).
    public const int Login = 1006;
    public const int UserMgmt = 1102;
    public const int UserChauthtok = 1108;
    public const int AddUser = 1114;
    public const int DelUser = 1115;
    public const int AddGroup = 1116;
    public const int DelGroup = 1117;
    public const int UserCmd = 1123;
    public const int GrpMgmt = 1132;
    public const int GrpChauthtok = 1133;
    public const int Syscall = 1300;
    public const int Path = 1302;
    public const int Ipc = 1303;
    public const int Socketcall = 1304;
    public const int Sockaddr = 1306;
    public const int Cwd = 1307;
    public const int Execve = 1309;
    public const int IpcSetPerm = 1311;
    public const int MqOpen = 1312;
    public const int MqSendrecv = 1313;
    public const int MqNotify = 1314;
    public const int MqGetsetattr = 1315;
    public const int FdPair = 1317;
    public const int ObjPid = 1318;
    public const int Eoe = 1320;
    public const int BprmFcaps = 1321;
    public const int Capset = 1322;
    public const int Mmap = 1323;
    public const int Proctitle = 1327;
    public const int Uringop = 1336;
    public const int Openat2 = 1337;

    // "number NAME" pairs; the canonical names auditd writes.
    private const string Table = """
        1005 USER 1006 LOGIN 1011 ADD_RULE 1012 DEL_RULE 1100 USER_AUTH 1101 USER_ACCT 1102 USER_MGMT 1103 CRED_ACQ
        1104 CRED_DISP 1105 USER_START 1106 USER_END 1107 USER_AVC 1108 USER_CHAUTHTOK 1109 USER_ERR 1110 CRED_REFR
        1111 USYS_CONFIG 1112 USER_LOGIN 1113 USER_LOGOUT 1114 ADD_USER 1115 DEL_USER 1116 ADD_GROUP 1117 DEL_GROUP
        1118 DAC_CHECK 1119 CHGRP_ID 1120 TEST 1121 TRUSTED_APP 1122 USER_SELINUX_ERR 1123 USER_CMD 1124 USER_TTY
        1125 CHUSER_ID 1126 GRP_AUTH 1127 SYSTEM_BOOT 1128 SYSTEM_SHUTDOWN 1129 SYSTEM_RUNLEVEL 1130 SERVICE_START
        1131 SERVICE_STOP 1132 GRP_MGMT 1133 GRP_CHAUTHTOK 1134 MAC_CHECK 1135 ACCT_LOCK 1136 ACCT_UNLOCK 1137 USER_DEVICE
        1138 SOFTWARE_UPDATE 1200 DAEMON_START 1201 DAEMON_END 1202 DAEMON_ABORT 1203 DAEMON_CONFIG 1204 DAEMON_RECONFIG
        1205 DAEMON_ROTATE 1206 DAEMON_RESUME 1207 DAEMON_ACCEPT 1208 DAEMON_CLOSE 1209 DAEMON_ERR 1300 SYSCALL
        1302 PATH 1303 IPC 1304 SOCKETCALL 1305 CONFIG_CHANGE 1306 SOCKADDR 1307 CWD 1309 EXECVE 1311 IPC_SET_PERM
        1312 MQ_OPEN 1313 MQ_SENDRECV 1314 MQ_NOTIFY 1315 MQ_GETSETATTR 1316 KERNEL_OTHER 1317 FD_PAIR 1318 OBJ_PID
        1319 TTY 1320 EOE 1321 BPRM_FCAPS 1322 CAPSET 1323 MMAP 1324 NETFILTER_PKT 1325 NETFILTER_CFG 1326 SECCOMP
        1327 PROCTITLE 1328 FEATURE_CHANGE 1329 REPLACE 1330 KERN_MODULE 1331 FANOTIFY 1332 TIME_INJOFFSET
        1333 TIME_ADJNTPVAL 1334 BPF 1335 EVENT_LISTENER 1336 URINGOP 1337 OPENAT2 1338 DM_CTRL 1339 DM_EVENT 1400 AVC
        1401 SELINUX_ERR 1402 AVC_PATH 1403 MAC_POLICY_LOAD 1404 MAC_STATUS 1405 MAC_CONFIG_CHANGE 1406 MAC_UNLBL_ALLOW
        1407 MAC_CIPSOV4_ADD 1408 MAC_CIPSOV4_DEL 1409 MAC_MAP_ADD 1410 MAC_MAP_DEL 1411 MAC_IPSEC_ADDSA
        1412 MAC_IPSEC_DELSA 1413 MAC_IPSEC_ADDSPD 1414 MAC_IPSEC_DELSPD 1415 MAC_IPSEC_EVENT 1416 MAC_UNLBL_STCADD
        1417 MAC_UNLBL_STCDEL 1418 MAC_CALIPSO_ADD 1419 MAC_CALIPSO_DEL 1500 AA 1501 APPARMOR_AUDIT 1502 APPARMOR_ALLOWED
        1503 APPARMOR_DENIED 1504 APPARMOR_HINT 1505 APPARMOR_STATUS 1506 APPARMOR_ERROR 1700 ANOM_PROMISCUOUS
        1701 ANOM_ABEND 1702 ANOM_LINK 1703 ANOM_CREAT 1800 INTEGRITY_DATA 1801 INTEGRITY_METADATA 1802 INTEGRITY_STATUS
        1803 INTEGRITY_HASH 1804 INTEGRITY_PCR 1805 INTEGRITY_RULE 1806 INTEGRITY_EVM_XATTR 1807 INTEGRITY_POLICY_RULE
        2100 ANOM_LOGIN_FAILURES 2101 ANOM_LOGIN_TIME 2102 ANOM_LOGIN_SESSIONS 2103 ANOM_LOGIN_ACCT
        2104 ANOM_LOGIN_LOCATION 2105 ANOM_MAX_DAC 2106 ANOM_MAX_MAC 2107 ANOM_AMTU_FAIL 2108 ANOM_RBAC_FAIL
        2109 ANOM_RBAC_INTEGRITY_FAIL 2110 ANOM_CRYPTO_FAIL 2111 ANOM_ACCESS_FS 2112 ANOM_EXEC 2113 ANOM_MK_EXEC
        2114 ANOM_ADD_ACCT 2115 ANOM_DEL_ACCT 2116 ANOM_MOD_ACCT 2117 ANOM_ROOT_TRANS 2118 ANOM_LOGIN_SERVICE
        2119 ANOM_LOGIN_ROOT 2120 ANOM_ORIGIN_FAILURES 2121 ANOM_SESSION 2200 RESP_ANOMALY 2201 RESP_ALERT
        2202 RESP_KILL_PROC 2203 RESP_TERM_ACCESS 2204 RESP_ACCT_REMOTE 2205 RESP_ACCT_LOCK_TIMED
        2206 RESP_ACCT_UNLOCK_TIMED 2207 RESP_ACCT_LOCK 2208 RESP_TERM_LOCK 2209 RESP_SEBOOL 2210 RESP_EXEC
        2211 RESP_SINGLE 2212 RESP_HALT 2213 RESP_ORIGIN_BLOCK 2214 RESP_ORIGIN_BLOCK_TIMED 2215 RESP_ORIGIN_UNBLOCK_TIMED
        2300 USER_ROLE_CHANGE 2301 ROLE_ASSIGN 2302 ROLE_REMOVE 2303 LABEL_OVERRIDE 2304 LABEL_LEVEL_CHANGE
        2305 USER_LABELED_EXPORT 2306 USER_UNLABELED_EXPORT 2307 DEV_ALLOC 2308 DEV_DEALLOC 2309 FS_RELABEL
        2310 USER_MAC_POLICY_LOAD 2311 ROLE_MODIFY 2312 USER_MAC_CONFIG_CHANGE 2313 USER_MAC_STATUS 2400 CRYPTO_TEST_USER
        2401 CRYPTO_PARAM_CHANGE_USER 2402 CRYPTO_LOGIN 2403 CRYPTO_LOGOUT 2404 CRYPTO_KEY_USER 2405 CRYPTO_FAILURE_USER
        2406 CRYPTO_REPLAY_USER 2407 CRYPTO_SESSION 2408 CRYPTO_IKE_SA 2409 CRYPTO_IPSEC_SA 2500 VIRT_CONTROL
        2501 VIRT_RESOURCE 2502 VIRT_MACHINE_ID 2503 VIRT_INTEGRITY_CHECK 2504 VIRT_CREATE 2505 VIRT_DESTROY
        2506 VIRT_MIGRATE_IN 2507 VIRT_MIGRATE_OUT
        """;

    private static readonly FrozenDictionary<int, string> NamesByNumber;
    private static readonly FrozenDictionary<string, int> NumbersByName;
    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> NumbersBySpan;

#pragma warning disable CA1810 // one pass over the table fills both maps
    static AuditRecordTypes()
#pragma warning restore CA1810
    {
        var byNumber = new Dictionary<int, string>();
        var parts = Table.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            byNumber[int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture)] = parts[i + 1];
        }

        NamesByNumber = byNumber.ToFrozenDictionary();
        NumbersByName = byNumber.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        NumbersBySpan = NumbersByName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The name auditd writes for <paramref name="number"/>, or null when unknown.</summary>
    public static string? Name(int number) => NamesByNumber.GetValueOrDefault(number);

    /// <summary>The number of a type name, or null when unknown.</summary>
    public static int? Number(ReadOnlySpan<char> name) => NumbersBySpan.TryGetValue(name, out var n) ? n : null;

    /// <summary>The interned name for a span (no allocation for known types).</summary>
    internal static string Intern(ReadOnlySpan<char> name) =>
        NumbersBySpan.TryGetValue(name, out var n) ? NamesByNumber[n] : name.ToString();

    /// <summary>
    /// Types that are always a whole event on their own: user-space messages (1100–1199, 2100–2999)
    /// and the audit daemon's own records (1200–1299). Kernel types may share their serial with a
    /// SYSCALL and further records, so they wait for EOE or the windows.
    /// </summary>
    public static bool IsStandalone(int? number) =>
        number is >= 1100 and <= 1299 or >= 2100 and <= 2999;
}
