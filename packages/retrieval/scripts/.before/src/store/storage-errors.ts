// Maps low-level failures (fs, network, PostgreSQL) to the MediateError codes users can act on.
import { MediateError } from "@mediate/core";

const codeOf = (e: unknown): string | undefined =>
  typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : undefined;

export function toStorageError(cause: unknown, where: string): MediateError {
  if (cause instanceof MediateError) return cause;
  const code = codeOf(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  if (code === "EROFS" || code === "EACCES" || code === "EPERM" || code === "25006")
    return new MediateError("storage_read_only", `数据存储只读，无法写入（${where}）。请检查数据目录权限或改用可写目录（MEDIATE_DATA_DIR）。`, { cause, details: { where } });
  if (code === "ENOSPC" || code === "53100" || /no space left/i.test(message))
    return new MediateError("storage_full", `数据存储空间已满（${where}）。请清理磁盘空间后重试。`, { cause, details: { where } });
  if (/could not open extension control file|extension "vector" is not available|type "vector" does not exist/i.test(message))
    return vectorMissing(cause);
  if (
    ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "57P01", "57P03", "08006", "08001", "3D000", "28P01", "28000"].includes(code ?? "") ||
    /connection terminated|timeout expired|Connection terminated/i.test(message)
  )
    return new MediateError(
      "database_unavailable",
      `无法连接数据库（${where}）：${message}。请确认 PostgreSQL 已启动且 MEDIATE_DATABASE_URL 正确，或去掉该变量改用内置 PGlite。`,
      { cause, details: { where, code } },
    );
  return new MediateError("internal", `database error (${where}): ${message}`, { cause, details: { where, code } });
}

export function vectorMissing(cause?: unknown): MediateError {
  return new MediateError(
    "vector_extension_missing",
    "数据库缺少 pgvector 扩展。请在数据库服务器安装 pgvector ≥ 0.7（Debian/Ubuntu: apt-get install postgresql-17-pgvector），" +
      "并由有权限的用户执行 CREATE EXTENSION vector; 详见 docs/deploy-postgres.md。",
    { cause },
  );
}
