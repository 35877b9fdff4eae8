import { contextBridge, ipcRenderer } from 'electron';

/** The whole bridge: one function. The page never gets ipcRenderer, Node or a file path. */
contextBridge.exposeInMainWorld('guichet', {
  call: (channel: string, input: unknown, session: string | null) =>
    ipcRenderer.invoke('guichet:call', { channel, input, session }),
});
