import { createRuntimeStorage, memoryStorage } from "../../src/office/storage";

const webStorage = () => {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    map,
  };
};

describe("the runtime's durable storage", () => {
  it("classic Outlook's event runtime uses OfficeRuntime.storage", async () => {
    const map = new Map<string, string>();
    const OfficeRuntime = {
      storage: {
        getItem: async (k: string) => map.get(k) ?? null,
        setItem: async (k: string, v: string) => void map.set(k, v),
        removeItem: async (k: string) => void map.delete(k),
      },
    };
    const { storage, kind } = createRuntimeStorage({ OfficeRuntime, localStorage: webStorage() });
    expect(kind).toBe("OfficeRuntime.storage");
    await storage.setItem("outbox", "[1]");
    expect(map.get("outbox")).toBe("[1]");
    expect(await storage.getItem("outbox")).toBe("[1]");
    await storage.removeItem("outbox");
    expect(await storage.getItem("outbox")).toBeNull();
  });

  it("page runtimes without OfficeRuntime.storage fall back to localStorage", async () => {
    const local = webStorage();
    const { storage, kind } = createRuntimeStorage({ localStorage: local });
    expect(kind).toBe("localStorage");
    await storage.setItem("k", "v");
    expect(local.map.get("k")).toBe("v");
  });

  it("a runtime whose localStorage throws (disabled storage) still works, in memory", async () => {
    const throwing = {
      getItem: () => {
        throw new Error("SecurityError");
      },
    };
    const { storage, kind } = createRuntimeStorage({ localStorage: throwing });
    expect(kind).toBe("memory");
    await storage.setItem("k", "v");
    expect(await storage.getItem("k")).toBe("v");
  });

  it("memory storage starts from what it is given", async () => {
    const s = memoryStorage({ a: "1" });
    expect(await s.getItem("a")).toBe("1");
    expect(await s.getItem("b")).toBeNull();
  });
});

describe("a host that declares OfficeRuntime.storage without supporting it", () => {
  it("falls back to localStorage on the first failure and stays there", async () => {
    const failing = {
      getItem: async () => {
        throw new Error("not supported");
      },
      setItem: async () => {
        throw new Error("not supported");
      },
      removeItem: async () => {
        throw new Error("not supported");
      },
    };
    const local = webStorage();
    const { storage, kind } = createRuntimeStorage({ OfficeRuntime: { storage: failing }, localStorage: local });
    expect(kind).toBe("OfficeRuntime.storage");
    await storage.setItem("outbox", "[2]");
    expect(local.map.get("outbox")).toBe("[2]");
    expect(await storage.getItem("outbox")).toBe("[2]");
  });
});
