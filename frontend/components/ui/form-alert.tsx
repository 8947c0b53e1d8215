/** One live region per form for errors that belong to no single field. It stays mounted so updates are announced. */
export function FormAlert({ messages }: { messages: string[] }) {
  return (
    <div role="alert" aria-atomic="true">
      {messages.length > 0 ? (
        <div className="grid animate-reveal motion-reduce:animate-none">
          <div className="min-h-0 overflow-hidden">
            <div className="flex gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-800">
              <svg
                aria-hidden="true"
                viewBox="0 0 20 20"
                fill="currentColor"
                className="mt-0.5 size-4 shrink-0 text-red-600"
              >
                <path
                  fillRule="evenodd"
                  d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
                  clipRule="evenodd"
                />
              </svg>
              <div className="space-y-1">
                {messages.map((message) => (
                  <p key={message}>{message}</p>
                ))}
              </div>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
