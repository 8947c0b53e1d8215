import { describe, expect, it } from "vitest";
import { methodVerdict } from "./http-methods";

describe("methodVerdict", () => {
  it.each([
    ["GET", "/"],
    ["HEAD", "/login"],
    ["POST", "/login"],
    ["POST", "/logout"],
    ["OPTIONS", "/settings/export"],
    ["GET", "/_next/static/chunks/0abc.js"],
    ["HEAD", "/_next/static/media/font.woff2"],
    ["GET", "/icon.svg"],
    ["get", "/dashboard"],
    ["GET", "/.well-known/security.txt"],
    ["GET", "/api/health/live"],
    ["HEAD", "/api/health/ready"],
  ])("lets %s %s through", (method, path) => {
    expect(methodVerdict(method, path)).toEqual({ kind: "continue" });
  });

  it.each([
    ["OPTIONS", "/_next/static/chunks/0abc.js", ["GET", "HEAD"]],
    ["POST", "/_next/static/chunks/0abc.js", ["GET", "HEAD"]],
    ["DELETE", "/_next/static/css/app.css", ["GET", "HEAD"]],
    ["PUT", "/icon.svg", ["GET", "HEAD"]],
    ["POST", "/robots.txt", ["GET", "HEAD"]],
    ["PUT", "/dashboard", ["GET", "HEAD", "POST", "OPTIONS"]],
    ["DELETE", "/login", ["GET", "HEAD", "POST", "OPTIONS"]],
    ["PATCH", "/settings", ["GET", "HEAD", "POST", "OPTIONS"]],
    ["PROPFIND", "/", ["GET", "HEAD", "POST", "OPTIONS"]],
    ["BREW", "/nope", ["GET", "HEAD", "POST", "OPTIONS"]],
    ["POST", "/api/health/live", ["GET", "HEAD"]],
    ["OPTIONS", "/api/health/ready", ["GET", "HEAD"]],
  ])("refuses %s %s, allowing %j", (method, path, allow) => {
    expect(methodVerdict(method, path)).toEqual({ kind: "not-allowed", allow });
  });

  it.each([
    ["GET", "/.env"],
    ["GET", "/.gitkeep"],
    ["POST", "/.git/config"],
    ["GET", "/assets/.secret/file.txt"],
  ])("does not serve the dotfile in %s %s", (method, path) => {
    expect(methodVerdict(method, path)).toEqual({ kind: "not-found" });
  });

  it.each([
    ["GET", "/_global-error"],
    ["HEAD", "/_global-error"],
    ["GET", "/_global-error/"],
    ["GET", "/_not-found"],
    ["GET", "/_error"],
    ["POST", "/_global-error"],
    ["GET", "/_anything/else"],
  ])("does not serve Next's internal route %s %s", (method, path) => {
    expect(methodVerdict(method, path)).toEqual({ kind: "not-found" });
  });

  it.each([
    ["GET", "/auth/callback/%E0%A4%A"],
    ["HEAD", "/auth/callback/%ZZ"],
    ["GET", "/dashboard/%E0%A4%A"],
    ["POST", "/settings/%"],
  ])("does not route the undecodable path %s %s", (method, path) => {
    expect(methodVerdict(method, path)).toEqual({ kind: "not-found" });
  });

  it.each([
    ["GET", "/auth/callback/corp%2D1"],
    ["GET", "/dashboard/%E2%9C%93"],
  ])("still routes the well-encoded path %s %s", (method, path) => {
    expect(methodVerdict(method, path)).toEqual({ kind: "continue" });
  });

  it.each([
    ["GET", "/_next/static/chunks/app.js"],
    ["GET", "/_next/image"],
  ])("still serves build output %s %s", (method, path) => {
    expect(methodVerdict(method, path)).toEqual({ kind: "continue" });
  });
});
